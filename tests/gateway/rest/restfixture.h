#pragma once

#include "gateway/http/httpreply.h"
#include "gateway/runtime/runtime.h"

#include <QHash>
#include <QJsonValue>
#include <QTemporaryDir>
#include <memory>

/// A started Runtime (all ports 0) on a fresh copy of a data directory prepared once per process through
/// the services: users admin/admin and carol (creator), pat (publisher), sam and sue (subscribers), all with
/// the password `secret1`, and the world the REST tests act on:
/// - {api}: Observer /observer 1.0.0, AsyncGold, PUBLISHED, {rev} deployed to Default/localhost, {rev2} not;
/// - {draft}: Draft /draft 1.0.0, CREATED, no plan; {ready}: Ready /ready 1.0.0, CREATED, AsyncGold;
/// - {full}: Full /full 1.0.0 with the maximum of 5 revisions ({fullrev} is the first);
/// - {app}: sam's application App with PRODUCTION keys {keys} (consumer key {key}, secret {secret}),
///   subscribed to Observer as {sub}; {spare}: sam's application Spare, without keys or subscriptions.
inline const QString admin = QStringLiteral("admin");
inline const QString carol = QStringLiteral("carol"); // creator
inline const QString pat = QStringLiteral("pat");     // publisher
inline const QString sam = QStringLiteral("sam");     // subscriber, owns {app} and {spare}
inline const QString sue = QStringLiteral("sue");     // another subscriber

inline const QString pub = QStringLiteral("/api/am/publisher/v4");
inline const QString dev = QStringLiteral("/api/am/devportal/v3");
inline const QString adm = QStringLiteral("/api/am/admin/v4");

inline const QByteArray defaultEnvironment =
    QByteArrayLiteral(R"([{"name":"Default","vhost":"localhost","displayOnDevportal":true}])");

class RestFixture final
{
public:
    static inline const QString password = QStringLiteral("secret1");

    RestFixture();
    ~RestFixture();

    sd::gateway::Runtime *runtime() const { return m_runtime.get(); }
    /// Replaces {name} placeholders with the world's ids, {httpPort} and {httpsPort} with the gateway's
    /// ports.
    QString substitute(QString text) const;
    /// A request through ManagementServer::dispatch (the routing and the REST handlers, without sockets).
    /// An empty `user` sends no Authorization header.
    sd::gateway::HttpReply dispatch(const QString &user, const QByteArray &method, const QString &path,
                                    const QByteArray &body = {},
                                    const QString &remoteAddress = QStringLiteral("127.0.0.1")) const;

    static QByteArray basicAuthorization(const QString &user, const QString &password);
    /// The value at a dotted path ("list.0.name"); "*" tries every element of an array or object.
    static QList<QJsonValue> valuesAt(const QJsonValue &root, const QString &path);
    /// Checks of a reply: "path=value" (value compared as text; numbers as integers), "path?" (present and
    /// not empty), "#=N" (size of the top-level array or object), "@Header=value". Returns the failures.
    QStringList check(const sd::gateway::HttpReply &reply, const QStringList &checks) const;

    /// The request table: user, method, path, body, status, checks (see check()).
    static void addColumns();
    static void addRow(const char *name, const QString &user, const char *method, const QString &path,
                       const QByteArray &body, int status, const QStringList &checks = {});
    /// Runs the current row on a fresh fixture: the status, the error shape for 4xx/5xx, then the checks.
    static void runRow();

private:
    static const QTemporaryDir &preparedDirectory();

    QTemporaryDir m_dir;
    std::unique_ptr<sd::gateway::Runtime> m_runtime;
};
