#pragma once

#include "models/store.h"

#include <QObject>
#include <memory>

namespace sd::models {

/// A subscription to an API as its publisher sees it: with the application's name and its owner.
struct ApiSubscriber
{
    Subscription subscription;
    QString applicationName;
    QString subscriber;
};

/// Everything a publisher does to an API: create, edit, plans, lifecycle, revisions and deployments.
/// Every front end (GUI, REST) calls this; it checks the actor's roles and emits what changed.
class PublisherService final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PublisherService)

public:
    static constexpr int maxRevisions = 5;

    explicit PublisherService(std::shared_ptr<Store> store, QObject *parent = nullptr);

    QList<Api> apis() const;
    std::optional<Api> api(const QString &id) const;
    QList<BusinessPlan> plans() const;
    QList<GatewayEnvironment> environments() const;

    Result<Api> createApi(const User &actor, const ApiDraft &draft);
    Result<Api> updateApi(const User &actor, const QString &id, const ApiDraft &draft);
    /// Refused while subscriptions exist.
    Status deleteApi(const User &actor, const QString &id);
    Result<Api> setPlans(const User &actor, const QString &id, const QStringList &plans);
    /// `checkedItems` are publish checklist items the publisher ticked: "Deprecate old versions after
    /// publishing the API" deprecates the other published versions of the same context in the same step.
    Result<Api> changeLifecycle(const User &actor, const QString &id, const QString &action,
                                const QStringList &checkedItems = {});
    /// Every lifecycle transition of the API, oldest first (empty for an unknown API).
    QList<LifecycleEvent> lifecycleHistory(const QString &apiId) const;

    QList<Revision> revisions(const QString &apiId) const;
    Result<Revision> createRevision(const User &actor, const QString &apiId, const QString &description);
    Status deleteRevision(const User &actor, const QString &apiId, const QString &revisionId);
    Result<Api> restoreRevision(const User &actor, const QString &apiId, const QString &revisionId);
    /// The revisions deleteRevision() accepts: those deployed nowhere.
    QList<Revision> undeployedRevisions(const QString &apiId) const;
    QList<Deployment> deployments(const QString &apiId = {}) const;
    Result<Deployment> deployRevision(const User &actor, const QString &apiId, const QString &revisionId,
                                      const QString &environment, const QString &vhost,
                                      bool displayOnDevportal = true);
    Status undeployRevision(const User &actor, const QString &apiId, const QString &revisionId,
                            const QString &environment);

    QList<Subscription> subscriptions(const User &actor, const QString &apiId) const;
    /// subscriptions() with each application's name and owner.
    QList<ApiSubscriber> subscribers(const User &actor, const QString &apiId) const;
    Result<Subscription> setSubscriptionStatus(const User &actor, const QString &subscriptionId,
                                               SubscriptionStatus status);

Q_SIGNALS:
    void apiChanged(const QString &apiId);
    void apiRemoved(const QString &apiId);
    void revisionsChanged(const QString &apiId);
    void deploymentsChanged(const QString &apiId);
    void subscriptionChanged(const QString &subscriptionId);

private:
    Result<Api> requireApi(const QString &id) const;
    Status checkPlans(const QStringList &plans) const;

    std::shared_ptr<Store> m_store;
};

} // namespace sd::models
