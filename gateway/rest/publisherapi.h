#pragma once

#include "gateway/rest/restrouter.h"
#include "gateway/rest/restservices.h"

namespace sd::gateway {

/// The publisher REST API (WSO2 publisher v4 subset) under /api/am/publisher/v4: APIs, lifecycle,
/// revisions and deployments, business plans, subscriptions and AsyncAPI definitions.
/// Every call needs the creator or publisher role; each action's own role is the service's to check.
class PublisherApi final
{
    Q_DISABLE_COPY_MOVE(PublisherApi)

public:
    explicit PublisherApi(RestServices services);

    /// `path` is relative to the base path, e.g. "apis/ID/revisions".
    HttpReply handle(const RestCall &call, QStringView path) const;

private:
    HttpReply listApis(const RestCall &call) const;
    HttpReply createApi(const RestCall &call) const;
    HttpReply getApi(const RestCall &call) const;
    HttpReply updateApi(const RestCall &call) const;
    HttpReply deleteApi(const RestCall &call) const;
    HttpReply changeLifecycle(const RestCall &call) const;
    HttpReply lifecycleState(const RestCall &call) const;
    HttpReply lifecycleHistory(const RestCall &call) const;
    HttpReply listRevisions(const RestCall &call) const;
    HttpReply createRevision(const RestCall &call) const;
    HttpReply getRevision(const RestCall &call) const;
    HttpReply deleteRevision(const RestCall &call) const;
    HttpReply listDeployments(const RestCall &call) const;
    HttpReply deployRevision(const RestCall &call) const;
    HttpReply undeployRevision(const RestCall &call) const;
    HttpReply restoreRevision(const RestCall &call) const;
    HttpReply asyncApi(const RestCall &call) const;
    HttpReply importAsyncApi(const RestCall &call) const;
    HttpReply listPlans(const RestCall &call) const;
    HttpReply listSubscriptions(const RestCall &call) const;
    HttpReply blockSubscription(const RestCall &call) const;
    HttpReply unblockSubscription(const RestCall &call) const;

    HttpReply created(const models::Api &api) const;
    HttpReply subscriptionReply(const RestCall &call,
                                const models::Result<models::Subscription> &result) const;
    /// Puts the API's deployments back as they were, after a multi-environment request failed halfway.
    void restoreDeployments(const models::User &actor, const QString &apiId,
                            const QList<models::Deployment> &before) const;

    RestServices m_services;
    RestRouter m_router;
};

} // namespace sd::gateway
