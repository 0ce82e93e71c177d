#pragma once

#include "gateway/token/tokenservice.h"
#include "models/api.h"
#include "models/devportalservice.h"

#include <QHash>
#include <QStringList>
#include <optional>

namespace sd::ui {

/// What the subscription wizard does, step by step, for one API and one actor, and the log of what it
/// created, so that Cancel undoes exactly that and never touches what existed before. The wizard runs one
/// step at a time (its service call on a worker thread) and reads the flow only between steps.
class SubscriptionWizardFlow final
{
    Q_DISABLE_COPY_MOVE(SubscriptionWizardFlow)

public:
    /// The key set step 4 issues a token for; `consumerSecret` is empty while unknown.
    struct Keys
    {
        models::KeySet keys;
        QString consumerSecret;
        bool generated = false; // by this wizard
    };
    struct IssuedToken
    {
        models::KeySet keys;
        gateway::AccessToken token;
    };
    struct UndoReport
    {
        QStringList undone;
        QStringList left; // each says what is still there and why
        /// Keychain entries the wizard wrote for key sets that are gone now: the caller removes them.
        QStringList staleKeychainEntries;
    };

    SubscriptionWizardFlow(models::DevPortalService *portal, gateway::TokenService *tokens,
                           models::User actor, models::Api api);

    const models::User &actor() const { return m_actor; }
    const models::Api &api() const { return m_api; }

    // Each step's call returns what failed; what it did is read from the accessors.

    // Step 1
    models::Status createApplication(const models::ApplicationDraft &draft);
    models::Status useApplication(const QString &applicationId);
    const std::optional<models::Application> &application() const { return m_application; }
    /// The actor's applications with, for each, whether it is subscribed to the API already.
    QList<std::pair<models::Application, bool>> applications() const;

    // Step 2
    /// The current application's subscription to the API, if it has one.
    std::optional<models::Subscription> subscription() const;
    /// Subscribes the current application, or returns its subscription when it has one already.
    models::Status subscribe(const QString &plan);

    // Step 3
    /// The application's existing keys of `type`, if any.
    std::optional<models::KeySet> existingKeys(models::KeyType type) const;
    /// Takes the application's keys of `type`: the existing ones, else new ones (logged for undo).
    models::Status takeKeys(models::KeyType type);
    const std::optional<Keys> &keys() const { return m_keys; }
    /// The consumer secret of the current keys, as read from the keychain.
    void setConsumerSecret(const QString &secret);

    // Step 4
    models::Status issueToken(qint64 validitySeconds);
    const std::optional<IssuedToken> &issuedToken() const { return m_token; }

    /// A keychain entry the wizard wrote; the caller removes them after undo().
    void logKeychainEntry(const QString &key);
    QStringList keychainEntries() const { return m_keychainEntries; }

    /// Whether this wizard created the application, subscription, key set or token `id`.
    bool createdHere(const QString &id) const;
    bool canUndo() const { return !m_log.isEmpty(); }
    /// What undo() would do, one sentence each, in the order it would do it.
    QStringList undoPlan() const;
    /// Undoes in reverse order: tokens revoked, keys deleted, subscriptions removed, applications deleted.
    /// Keychain entries are left to the caller (UndoReport::staleKeychainEntries). The log is empty
    /// afterwards.
    UndoReport undo();
    /// The wizard is done: nothing is undone any more.
    void commit();

private:
    enum class Kind { Application, Subscription, Keys, Token };
    struct Entry
    {
        Kind kind;
        QString id;
        QString object; // "the application “X”", in words
        QString applicationId;
    };

    models::Status undoEntry(const Entry &entry);

    models::DevPortalService *m_portal;
    gateway::TokenService *m_tokens;
    models::User m_actor;
    models::Api m_api;
    std::optional<models::Application> m_application;
    std::optional<Keys> m_keys;
    std::optional<IssuedToken> m_token;
    QList<Entry> m_log;
    QHash<QString, QString> m_secrets; // consumer secrets of keys generated or read here, by key set id
    QStringList m_keychainEntries;
};

} // namespace sd::ui
