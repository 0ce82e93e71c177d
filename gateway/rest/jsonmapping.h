#pragma once

#include "gateway/rest/restservices.h"
#include "gateway/token/tokenservice.h"

#include <QJsonArray>
#include <QJsonObject>

namespace sd::gateway {

/// Converts model records to the JSON shapes of WSO2 API Manager's REST APIs (publisher v4, devportal v3)
/// and request bodies to drafts. Parsing checks JSON types and names the offending field; every rule about
/// the values themselves is left to the services.
class JsonMapping final
{
public:
    /// Publisher v4 API: id, name, context, version, type "SSE", lifeCycleStatus, policies, endpointConfig,
    /// operations, provider, createdTime and lastUpdatedTime (epoch ms).
    static QJsonObject api(const models::Api &api);
    /// Overlays the fields present in `json` on `base` (a create starts from an empty draft, an update from
    /// the current API).
    static models::Result<models::ApiDraft> apiDraft(const QJsonObject &json, models::ApiDraft base);
    static models::ApiDraft draftOf(const models::Api &api);
    /// Names the model uses for fields that a publisher body spells differently.
    static QHash<QString, QString> apiFieldNames();

    /// WSO2's lifecycle-state: state, availableTransitions [{event, targetState}], checkItems.
    static QJsonObject lifecycleState(const models::Api &api, const QHash<QString, bool> &checklist = {});
    /// "Published" for PUBLISHED, as WSO2's lifecycle endpoints spell states.
    static QString lifecycleDisplayName(models::LifecycleState state);

    static QJsonObject revision(const models::Revision &revision,
                                const QList<models::Deployment> &deployments);
    static QJsonObject deployment(const models::Deployment &deployment);
    static QJsonObject plan(const models::BusinessPlan &plan);
    static QJsonObject quota(const models::ApplicationQuota &quota);

    /// Publisher view of a subscription; `application` adds applicationInfo's name and subscriber.
    static QJsonObject publisherSubscription(const models::Subscription &subscription,
                                             const std::optional<models::Application> &application);

    /// Devportal v3 API with endpointURLs for each deployment, on the gateway's ports.
    static QJsonObject portalApi(const models::Api &api, const QList<models::Deployment> &deployments,
                                 const GatewayPorts &ports);
    static QJsonObject application(const models::Application &application, int subscriptionCount,
                                   const QList<models::KeySet> &keys = {});
    static models::Result<models::ApplicationDraft> applicationDraft(const QJsonObject &json);
    static QJsonObject portalSubscription(const models::Subscription &subscription,
                                          const std::optional<models::Api> &api,
                                          const std::optional<models::Application> &application);
    /// ApplicationKeyDTO; the secret only right after generation, the token only when one was issued.
    static QJsonObject keys(const models::KeySet &keys, const QString &consumerSecret = {},
                            const std::optional<AccessToken> &token = std::nullopt);
    static QJsonObject token(const AccessToken &token);

    static QJsonObject user(const models::User &user);

    /// The gateway URL of an API: scheme://host:port/context/version.
    static QString gatewayUrl(const QString &scheme, const QString &host, quint16 port,
                              const models::Api &api);
    static qint64 epochMs(const QDateTime &time);

    /// Typed field access for request bodies: absent gives `fallback`, a wrong type a Validation error.
    static models::Result<QString> string(const QJsonObject &json, const QString &key,
                                          const QString &fallback, const QString &field = {});
    static models::Result<QStringList> stringList(const QJsonObject &json, const QString &key,
                                                  const QStringList &fallback, const QString &field = {});
    static models::Result<qint64> integer(const QJsonObject &json, const QString &key, qint64 fallback,
                                          const QString &field = {});
    static models::Result<bool> boolean(const QJsonObject &json, const QString &key, bool fallback,
                                        const QString &field = {});
};

} // namespace sd::gateway
