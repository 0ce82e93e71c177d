#include "ui/devportal/subscriptionwizardflow.h"

#include "ui/keychain/secretstore.h"

#include <QCoreApplication>
#include <QSet>
#include <algorithm>

namespace sd::ui {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("SubscriptionWizardFlow", text);
}

// Something already gone counts as undone.
bool gone(const models::Status &status)
{
    return status.ok() || status.error().kind == models::Error::Kind::NotFound;
}

} // namespace

SubscriptionWizardFlow::SubscriptionWizardFlow(models::DevPortalService *portal,
                                               gateway::TokenService *tokens, models::User actor,
                                               models::Api api)
    : m_portal(portal)
    , m_tokens(tokens)
    , m_actor(std::move(actor))
    , m_api(std::move(api))
{}

models::Status SubscriptionWizardFlow::createApplication(const models::ApplicationDraft &draft)
{
    auto created = m_portal->createApplication(m_actor, draft);
    if (!created)
        return created.error();
    m_log.append(
        {Kind::Application, created->id, tr("the application \"%1\"").arg(created->name), created->id});
    m_application = created.value();
    m_keys.reset();
    return models::Done{};
}

models::Status SubscriptionWizardFlow::useApplication(const QString &applicationId)
{
    auto app = m_portal->application(m_actor, applicationId);
    if (!app)
        return app.error();
    if (!m_application || m_application->id != applicationId)
        m_keys.reset();
    m_application = app.value();
    return models::Done{};
}

QList<std::pair<models::Application, bool>> SubscriptionWizardFlow::applications() const
{
    QSet<QString> subscribed;
    for (const auto &sub : m_portal->subscriptions(m_actor)) {
        if (sub.apiId == m_api.id)
            subscribed.insert(sub.applicationId);
    }
    QList<std::pair<models::Application, bool>> result;
    for (const auto &app : m_portal->applications(m_actor))
        result.append({app, subscribed.contains(app.id)});
    return result;
}

std::optional<models::Subscription> SubscriptionWizardFlow::subscription() const
{
    if (!m_application)
        return std::nullopt;
    for (const auto &sub : m_portal->subscriptions(m_actor, m_application->id)) {
        if (sub.apiId == m_api.id)
            return sub;
    }
    return std::nullopt;
}

models::Status SubscriptionWizardFlow::subscribe(const QString &plan)
{
    if (!m_application)
        return models::validationError(QStringLiteral("applicationId"), tr("Choose an application first."));
    if (subscription())
        return models::Done{};
    const auto sub = m_portal->subscribe(m_actor, m_application->id, m_api.id, plan);
    if (!sub)
        return sub.error();
    m_log.append({Kind::Subscription, sub->id,
                  tr("the subscription of \"%1\" to %2 %3 (%4)")
                      .arg(m_application->name, m_api.name, m_api.version, sub->plan),
                  m_application->id});
    return models::Done{};
}

std::optional<models::KeySet> SubscriptionWizardFlow::existingKeys(models::KeyType type) const
{
    if (!m_application)
        return std::nullopt;
    for (const auto &keys : m_portal->keySets(m_actor, m_application->id)) {
        if (keys.keyType == type)
            return keys;
    }
    return std::nullopt;
}

models::Status SubscriptionWizardFlow::takeKeys(models::KeyType type)
{
    if (!m_application)
        return models::validationError(QStringLiteral("applicationId"), tr("Choose an application first."));
    if (auto existing = existingKeys(type)) {
        m_keys = Keys{*existing, m_secrets.value(existing->id), createdHere(existing->id)};
        return models::Done{};
    }
    auto generated = m_portal->generateKeys(m_actor, m_application->id, type,
                                            {QStringLiteral("client_credentials")}, 3600);
    if (!generated)
        return generated.error();
    const auto &keys = generated->keys;
    m_log.append({Kind::Keys, keys.id,
                  tr("the %1 keys of \"%2\"").arg(models::KeySet::keyTypeName(type), m_application->name),
                  m_application->id});
    m_secrets.insert(keys.id, generated->consumerSecret);
    m_keys = Keys{keys, generated->consumerSecret, true};
    return models::Done{};
}

void SubscriptionWizardFlow::setConsumerSecret(const QString &secret)
{
    if (!m_keys)
        return;
    m_keys->consumerSecret = secret;
    m_secrets.insert(m_keys->keys.id, secret);
}

models::Status SubscriptionWizardFlow::issueToken(qint64 validitySeconds)
{
    if (!m_keys || !m_application)
        return models::validationError(QStringLiteral("keys"), tr("Generate the keys first."));
    auto token = m_tokens->issue(m_keys->keys, validitySeconds);
    if (!token)
        return token.error();
    m_log.append({Kind::Token, token->jti,
                  tr("the access token issued for the %1 keys of \"%2\"")
                      .arg(models::KeySet::keyTypeName(m_keys->keys.keyType), m_application->name),
                  m_application->id});
    m_token = IssuedToken{m_keys->keys, token.value()};
    return models::Done{};
}

bool SubscriptionWizardFlow::createdHere(const QString &id) const
{
    return std::any_of(m_log.cbegin(), m_log.cend(), [&](const Entry &entry) { return entry.id == id; });
}

void SubscriptionWizardFlow::logKeychainEntry(const QString &key)
{
    if (!m_keychainEntries.contains(key))
        m_keychainEntries.append(key);
}

QStringList SubscriptionWizardFlow::undoPlan() const
{
    QStringList plan;
    for (auto it = m_log.crbegin(); it != m_log.crend(); ++it) {
        switch (it->kind) {
        case Kind::Token:
            plan << tr("revoke %1").arg(it->object);
            break;
        case Kind::Keys:
            plan << tr("delete %1").arg(it->object);
            break;
        case Kind::Subscription:
            plan << tr("remove %1").arg(it->object);
            break;
        case Kind::Application:
            plan << tr("delete %1").arg(it->object);
            break;
        }
    }
    return plan;
}

models::Status SubscriptionWizardFlow::undoEntry(const Entry &entry)
{
    switch (entry.kind) {
    case Kind::Token:
        return m_tokens->revokeById(entry.id);
    case Kind::Keys:
        return m_portal->deleteKeys(m_actor, entry.id);
    case Kind::Subscription:
        return m_portal->unsubscribe(m_actor, entry.id);
    case Kind::Application:
        return m_portal->deleteApplication(m_actor, entry.id);
    }
    return models::Done{};
}

SubscriptionWizardFlow::UndoReport SubscriptionWizardFlow::undo()
{
    UndoReport report;
    const auto plan = undoPlan();
    int index = 0;
    for (auto it = m_log.crbegin(); it != m_log.crend(); ++it, ++index) {
        const auto status = undoEntry(*it);
        if (gone(status)) {
            report.undone << plan.value(index);
            continue;
        }
        report.left << tr("%1 is still there: %2").arg(it->object, status.error().message);
    }
    // A secret is forgotten only with its key set: keys left behind keep theirs.
    for (const auto &entry : std::as_const(m_log)) {
        if (entry.kind != Kind::Keys)
            continue;
        const auto remaining = m_portal->keySets(m_actor, entry.applicationId);
        const bool keysGone = std::none_of(remaining.cbegin(), remaining.cend(),
                                           [&](const models::KeySet &keys) { return keys.id == entry.id; });
        for (const auto &key :
             {SecretStore::consumerSecretKey(entry.id), SecretStore::accessTokenKey(entry.id)}) {
            if (keysGone && m_keychainEntries.contains(key))
                report.staleKeychainEntries << key;
        }
    }
    m_log.clear();
    m_application.reset();
    m_keys.reset();
    m_token.reset();
    m_secrets.clear();
    return report;
}

void SubscriptionWizardFlow::commit()
{
    m_log.clear();
}

} // namespace sd::ui
