#pragma once

#include "gateway/rest/adminapi.h"
#include "gateway/rest/devportalapi.h"
#include "gateway/rest/loginthrottle.h"
#include "gateway/rest/publisherapi.h"

namespace sd::gateway {

/// The management REST API behind ManagementServer's /api/am/ paths: HTTP Basic authentication of every
/// request (failed logins slowed down per remote address), then dispatch to the publisher, devportal and
/// admin APIs, which call the services as the authenticated user.
class RestApi final
{
    Q_DISABLE_COPY_MOVE(RestApi)

public:
    static constexpr QStringView publisherBase = u"/api/am/publisher/v4";
    static constexpr QStringView devPortalBase = u"/api/am/devportal/v3";
    static constexpr QStringView adminBase = u"/api/am/admin/v4";

    explicit RestApi(const RestServices &services);

    /// `request.path` is the full decoded path, starting with /api/am/. The password check (PBKDF2) and
    /// the handler come back as a deferred HttpReply, so the check can run on a worker thread.
    HttpReply handle(const ApiRequest &request);

private:
    HttpReply answer(const ApiRequest &request, const QString &name,
                     const models::Result<models::User> &user);

    RestServices m_services;
    LoginThrottle m_throttle;
    PublisherApi m_publisher;
    DevPortalApi m_devPortal;
    AdminApi m_admin;
};

} // namespace sd::gateway
