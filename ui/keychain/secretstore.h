#pragma once

#include <QHash>
#include <QObject>
#include <QPointer>
#include <functional>
#include <optional>

namespace sd::ui {

/// Consumer secrets and the last access token of each key set, kept in the operating system's keychain
/// (Secret Service, KWallet, macOS Keychain, Windows Credential Store) through QtKeychain: never in the
/// database, the settings or a log. When no keychain service answers, it says so once
/// (persistenceLost()), keeps secrets in memory for this session only and writes nothing to disk.
/// Calls are asynchronous; a callback runs on the store's thread and is dropped with its context.
class SecretStore final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SecretStore)

public:
    enum class Backend { Keychain, SessionOnly };
    using WriteDone = std::function<void(bool ok, const QString &error)>;
    using ReadDone = std::function<void(const std::optional<QString> &secret, const QString &error)>;

    explicit SecretStore(Backend backend = Backend::Keychain,
                         const QString &service = QStringLiteral("StreamDesk"), QObject *parent = nullptr);
    ~SecretStore() override;

    static QString consumerSecretKey(const QString &keySetId);
    static QString accessTokenKey(const QString &keySetId);

    void write(const QString &key, const QString &secret, QObject *context = nullptr, WriteDone done = {});
    /// `secret` is empty (nullopt) when nothing is stored under `key`; `error` says why when reading failed.
    void read(const QString &key, QObject *context, ReadDone done);
    void remove(const QString &key, QObject *context = nullptr, WriteDone done = {});

    /// False once the keychain is found missing (or for Backend::SessionOnly).
    bool isPersistent() const;

Q_SIGNALS:
    /// Emitted once, the first time the keychain is found missing: secrets now live for this session only.
    void persistenceLost(const QString &reason);
    void secretChanged(const QString &key);

private:
    /// Runs `call` from the event loop unless `context` was given and is gone by then.
    void deliver(QObject *context, std::function<void()> call);
    static bool meansNoKeychain(int error);
    static QString errorText(int error, const QString &detail);
    void losePersistence(const QString &detail);

    QString m_service;
    bool m_persistent = true;
    QHash<QString, QString> m_memory;
};

} // namespace sd::ui
