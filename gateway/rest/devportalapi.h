#pragma once

#include "gateway/rest/restrouter.h"
#include "gateway/rest/restservices.h"

namespace sd::gateway {

/// The developer portal REST API (WSO2 devportal v3 subset) under /api/am/devportal/v3: visible APIs,
/// applications, subscriptions, keys and access tokens.
class DevPortalApi final
{
    Q_DISABLE_COPY_MOVE(DevPortalApi)

public:
    explicit DevPortalApi(RestServices services);

    /// `path` is relative to the base path, e.g. "applications/ID/generate-keys".
    HttpReply handle(const RestCall &call, QStringView path) const;

private:
    HttpReply listApis(const RestCall &call) const;
    HttpReply getApi(const RestCall &call) const;
    HttpReply listPlans(const RestCall &call) const;
    HttpReply listQuotas(const RestCall &call) const;
    HttpReply listApplications(const RestCall &call) const;
    HttpReply createApplication(const RestCall &call) const;
    HttpReply getApplication(const RestCall &call) const;
    HttpReply updateApplication(const RestCall &call) const;
    HttpReply deleteApplication(const RestCall &call) const;
    HttpReply generateKeys(const RestCall &call) const;
    HttpReply listKeys(const RestCall &call) const;
    HttpReply getKeys(const RestCall &call) const;
    HttpReply generateToken(const RestCall &call) const;
    HttpReply regenerateSecret(const RestCall &call) const;
    HttpReply cleanUpKeys(const RestCall &call) const;
    HttpReply listSubscriptions(const RestCall &call) const;
    HttpReply subscribe(const RestCall &call) const;
    HttpReply getSubscription(const RestCall &call) const;
    HttpReply unsubscribe(const RestCall &call) const;

    QJsonObject applicationJson(const models::User &user, const models::Application &app) const;
    QJsonObject subscriptionJson(const models::User &actor, const models::Subscription &subscription) const;
    /// The key set `keyMappingId` of an application the actor may see.
    models::Result<models::KeySet> keySet(const RestCall &call) const;

    RestServices m_services;
    RestRouter m_router;
};

} // namespace sd::gateway
