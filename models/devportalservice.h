#pragma once

#include "models/store.h"
#include "models/verifiedsecrets.h"

#include <QObject>
#include <memory>

namespace sd::models {

/// Keys as generated: the only moment the plain consumer secret exists.
struct GeneratedKeys
{
    KeySet keys;
    QString consumerSecret;
};

/// What a subscriber does in the developer portal: applications, subscriptions and keys.
class DevPortalService final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DevPortalService)

public:
    explicit DevPortalService(std::shared_ptr<Store> store, QObject *parent = nullptr);

    /// APIs shown in the portal (published, prototyped, deprecated).
    QList<Api> visibleApis() const;
    std::optional<Api> visibleApi(const QString &id) const;
    QList<ApplicationQuota> quotas() const;

    QList<Application> applications(const User &actor) const;
    Result<Application> application(const User &actor, const QString &id) const;
    Result<Application> createApplication(const User &actor, const ApplicationDraft &draft);
    /// Renames or re-plans an application; tokens issued later follow a new token type.
    Result<Application> updateApplication(const User &actor, const QString &id,
                                          const ApplicationDraft &draft);
    Status deleteApplication(const User &actor, const QString &id);

    /// Subscriptions of the actor's applications (all of them for an admin); `applicationId` narrows.
    QList<Subscription> subscriptions(const User &actor, const QString &applicationId = {}) const;
    Result<Subscription> subscription(const User &actor, const QString &id) const;
    /// An empty plan picks the API's first plan.
    Result<Subscription> subscribe(const User &actor, const QString &applicationId, const QString &apiId,
                                   const QString &plan = {});
    Status unsubscribe(const User &actor, const QString &subscriptionId);

    QList<KeySet> keySets(const User &actor, const QString &applicationId) const;
    Result<GeneratedKeys> generateKeys(const User &actor, const QString &applicationId, KeyType keyType,
                                       const QStringList &grantTypes, qint64 validitySeconds);
    /// Removes a key set; its tokens stop working (revoke them first with TokenService so open streams end).
    Status deleteKeys(const User &actor, const QString &keySetId);
    /// A new consumer secret for the key set; the old one stops authenticating at once.
    Result<QString> regenerateSecret(const User &actor, const QString &keySetId);
    /// Checks a consumer key and secret (the token endpoint's client authentication).
    Result<KeySet> authenticateClient(const QString &consumerKey, const QString &consumerSecret) const;

Q_SIGNALS:
    void applicationChanged(const QString &applicationId);
    void applicationRemoved(const QString &applicationId);
    void subscriptionChanged(const QString &subscriptionId);
    void subscriptionRemoved(const QString &subscriptionId);
    void keysGenerated(const QString &applicationId);

private:
    Status checkDraft(const User &owner, const ApplicationDraft &draft, const QString &exceptId) const;
    Result<Application> ownedApplication(const User &actor, const QString &id) const;
    Result<KeySet> ownedKeySet(const User &actor, const QString &keySetId) const;

    std::shared_ptr<Store> m_store;
    mutable VerifiedSecrets m_verified; // token requests authenticate with the consumer secret each time
};

} // namespace sd::models
