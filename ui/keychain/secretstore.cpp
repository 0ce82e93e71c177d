#include "ui/keychain/secretstore.h"

#include <QLoggingCategory>
#include <qt6keychain/keychain.h>

using namespace Qt::StringLiterals;

namespace sd::ui {

Q_LOGGING_CATEGORY(lcKeychain, "streamdesk.ui.keychain")

SecretStore::SecretStore(Backend backend, const QString &service, QObject *parent)
    : QObject(parent)
    , m_service(service)
    , m_persistent(backend == Backend::Keychain)
{}

SecretStore::~SecretStore() = default;

QString SecretStore::consumerSecretKey(const QString &keySetId)
{
    return u"keyset/%1/consumer-secret"_s.arg(keySetId);
}

QString SecretStore::accessTokenKey(const QString &keySetId)
{
    return u"keyset/%1/access-token"_s.arg(keySetId);
}

bool SecretStore::isPersistent() const
{
    return m_persistent;
}

void SecretStore::write(const QString &key, const QString &secret, QObject *context, WriteDone done)
{
    if (!m_persistent) {
        deliver(context, [this, key, secret, done] {
            m_memory.insert(key, secret);
            Q_EMIT secretChanged(key);
            if (done)
                done(true, {});
        });
        return;
    }
    auto *job = new QKeychain::WritePasswordJob(m_service);
    job->setAutoDelete(true);
    job->setKey(key);
    job->setTextData(secret);
    const QPointer<QObject> guard(context);
    const bool hasContext = context != nullptr;
    connect(job, &QKeychain::Job::finished, this,
            [this, key, secret, guard, hasContext, done](QKeychain::Job *finished) {
                const auto error = finished->error();
                if (error != QKeychain::NoError && meansNoKeychain(error))
                    losePersistence(finished->errorString());
                // A secret the keychain did not take is still readable in this session.
                if (error == QKeychain::NoError && m_persistent)
                    m_memory.remove(key);
                else
                    m_memory.insert(key, secret);
                Q_EMIT secretChanged(key);
                const bool ok = error == QKeychain::NoError || !m_persistent;
                if (done && (!hasContext || guard))
                    done(ok, ok ? QString()
                                : errorText(error, finished->errorString()) + u' ' +
                                      tr("The secret is kept for this session only."));
            });
    job->start();
}

void SecretStore::read(const QString &key, QObject *context, ReadDone done)
{
    const auto fromSession = [this, key]() -> std::optional<QString> {
        const auto it = m_memory.constFind(key);
        return it == m_memory.cend() ? std::nullopt : std::optional<QString>(*it);
    };
    if (!m_persistent) {
        deliver(context, [fromSession, done] { done(fromSession(), {}); });
        return;
    }
    auto *job = new QKeychain::ReadPasswordJob(m_service);
    job->setAutoDelete(true);
    job->setKey(key);
    const QPointer<QObject> guard(context);
    const bool hasContext = context != nullptr;
    connect(job, &QKeychain::Job::finished, this,
            [this, fromSession, guard, hasContext, done](QKeychain::Job *finished) {
                const auto error = finished->error();
                if (error != QKeychain::NoError && error != QKeychain::EntryNotFound &&
                    meansNoKeychain(error))
                    losePersistence(finished->errorString());
                if (hasContext && !guard)
                    return;
                if (error == QKeychain::NoError) {
                    done(static_cast<QKeychain::ReadPasswordJob *>(finished)->textData(), {});
                    return;
                }
                const auto kept = fromSession();
                if (kept || error == QKeychain::EntryNotFound || !m_persistent)
                    done(kept, {});
                else
                    done(std::nullopt, errorText(error, finished->errorString()));
            });
    job->start();
}

void SecretStore::remove(const QString &key, QObject *context, WriteDone done)
{
    m_memory.remove(key);
    if (!m_persistent) {
        deliver(context, [this, key, done] {
            Q_EMIT secretChanged(key);
            if (done)
                done(true, {});
        });
        return;
    }
    auto *job = new QKeychain::DeletePasswordJob(m_service);
    job->setAutoDelete(true);
    job->setKey(key);
    const QPointer<QObject> guard(context);
    const bool hasContext = context != nullptr;
    connect(
        job, &QKeychain::Job::finished, this, [this, key, guard, hasContext, done](QKeychain::Job *finished) {
            const auto error = finished->error();
            if (error != QKeychain::NoError && error != QKeychain::EntryNotFound && meansNoKeychain(error))
                losePersistence(finished->errorString());
            const bool ok = error == QKeychain::NoError || error == QKeychain::EntryNotFound || !m_persistent;
            if (ok)
                Q_EMIT secretChanged(key);
            if (done && (!hasContext || guard))
                done(ok, ok ? QString() : errorText(error, finished->errorString()));
        });
    job->start();
}

void SecretStore::deliver(QObject *context, std::function<void()> call)
{
    const QPointer<QObject> guard(context);
    const bool hasContext = context != nullptr;
    QMetaObject::invokeMethod(
        this,
        [guard, hasContext, call = std::move(call)] {
            if (!hasContext || guard)
                call();
        },
        Qt::QueuedConnection);
}

bool SecretStore::meansNoKeychain(int error)
{
    // QtKeychain reports a missing session bus or Secret Service (libsecret's GIO and D-Bus errors) as
    // OtherError; a locked keychain or a refusal comes as AccessDenied and is not a missing service.
    switch (error) {
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
    case QKeychain::OtherError:
        return true;
    default:
        return false;
    }
}

QString SecretStore::errorText(int error, const QString &detail)
{
    switch (error) {
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        return tr("The keychain refused access (%1). Unlock the keychain and try again.").arg(detail);
    case QKeychain::CouldNotDeleteEntry:
        return tr("The keychain could not delete the secret (%1). Try again, or remove it with your "
                  "keychain manager.")
            .arg(detail);
    default:
        return tr("The keychain failed (%1). Try again.").arg(detail);
    }
}

void SecretStore::losePersistence(const QString &detail)
{
    if (!m_persistent)
        return;
    m_persistent = false;
    qCWarning(lcKeychain) << "no keychain service, secrets are kept for this session only:" << detail;
    Q_EMIT persistenceLost(tr("No keychain service answered (%1).").arg(detail));
}

} // namespace sd::ui
