#pragma once

#include "gateway/upstream/upstreamrequest.h"

#include <QByteArray>
#include <QString>

namespace sd::gateway {

/// An answer the gateway gives instead of a stream (REFERENCE.md section 7). The one place that maps
/// gateway failure kinds to HTTP status, headers and body.
struct GatewayError
{
    int httpStatus = 500;
    QByteArray code;
    QString message;
    QString description;
    HeaderList headers;
    QByteArray body;        // set when the body is not the standard JSON object
    QByteArray contentType; // of `body`
    QString detail;         // why, for the gateway log only: backend addresses and TLS texts stay internal

    /// `{"code":"900901","message":...,"description":...}` unless a custom body is set.
    QByteArray responseBody() const;
    QByteArray responseContentType() const;

    static GatewayError missingCredentials();
    static GatewayError invalidCredentials(const QString &description);
    static GatewayError subscriptionBlocked();
    static GatewayError notSubscribed();
    static GatewayError subscriptionInactive();
    static GatewayError apiBlocked();
    static GatewayError notFound();
    /// A request path the gateway will not map to a backend (encoded '/', '..' leaving the API).
    static GatewayError badRequestPath(const QString &description);
    static GatewayError methodNotAllowed();
    /// Event quota of the plan exhausted: 429 with Retry-After and a text/event-stream comment body.
    static GatewayError quotaExhausted(qint64 retryAfterSeconds);
    /// The application's per-token connection quota exceeded.
    static GatewayError applicationThrottled(qint64 retryAfterSeconds);
    static GatewayError backendStatus(int backendStatus, const QByteArray &contentType);
    /// 503 101503 with a generic description; `detail` (the backend's address, the socket or TLS error) goes
    /// to `detail`, never into the body.
    static GatewayError backendUnavailable(const QString &detail);
    /// 503 101503: the API has no endpoint for the caller's key type (PRODUCTION or SANDBOX).
    static GatewayError noEndpoint(const QString &keyType);
    static GatewayError backendTimeout();
    static GatewayError tooManyStreams();
    /// An operator closed the stream before its backend answered.
    static GatewayError streamClosed(const QString &reason);
};

} // namespace sd::gateway
