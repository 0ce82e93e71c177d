#pragma once

#include "ui/common/consolestatus.h"

#include <QString>
#include <QUrl>

namespace sd::models {
class DevPortalService;
struct Api;
} // namespace sd::models

namespace sd::gateway {
class EventMeter;
class TokenService;
} // namespace sd::gateway

namespace sd::ui {

class SecretStore;
class Session;

/// What the Developer Portal's pages and the subscription wizard work with: the services, the signed-in
/// user, the keychain and where the gateway listens.
struct PortalContext
{
    models::DevPortalService *portal = nullptr;
    gateway::TokenService *tokens = nullptr;
    gateway::EventMeter *meter = nullptr;
    Session *session = nullptr;
    SecretStore *secrets = nullptr;
    ConsoleStatus status;

    /// The resource path a first try should use: the API's first concrete topic, or /memory when the API's
    /// endpoint is the embedded sample backend (which serves only that), else "/".
    QString suggestedPath(const models::Api &api) const;
    /// http(s)://host:port/<context>/<version><path> on the gateway.
    QUrl invocationUrl(const models::Api &api, const QString &path, bool https = false) const;
    /// curl -N '<url>' -H 'Authorization: Bearer <token>' (with -k for the self-signed HTTPS port).
    QString curlCommand(const QUrl &url, const QString &token) const;
};

} // namespace sd::ui
