#include "restfixture.h"

#include "gateway/rest/managementserver.h"

#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace sd::gateway;
using namespace sd::models;

namespace {

QHash<QString, QString> &worldIds()
{
    static QHash<QString, QString> ids;
    return ids;
}

RuntimeOptions optionsFor(const QString &dir)
{
    RuntimeOptions options;
    options.dataDir = dir;
    options.gateway.httpPort = 0;
    options.gateway.httpsPort = 0;
    options.managementPort = 0;
    return options;
}

template <typename T> T must(Result<T> result, const char *what)
{
    if (!result)
        qFatal("World setup failed at %s: %s", what, qPrintable(result.error().message));
    return std::move(result).value();
}

void buildWorld(Runtime &runtime)
{
    auto &ids = worldIds();
    auto *accounts = runtime.accounts();
    auto *publisher = runtime.publisher();
    auto *portal = runtime.portal();
    const auto admin =
        must(accounts->authenticate(QStringLiteral("admin"), QStringLiteral("admin")), "admin");
    const auto carol = must(
        accounts->createUser(admin, QStringLiteral("carol"), RestFixture::password, Role::Creator), "carol");
    const auto pat = must(
        accounts->createUser(admin, QStringLiteral("pat"), RestFixture::password, Role::Publisher), "pat");
    const auto sam = must(
        accounts->createUser(admin, QStringLiteral("sam"), RestFixture::password, Role::Subscriber), "sam");
    must(accounts->createUser(admin, QStringLiteral("sue"), RestFixture::password, Role::Subscriber), "sue");

    const auto gold = QStringList{QStringLiteral("AsyncGold")};
    const auto api = must(publisher->createApi(carol, ApiDraft{QStringLiteral("Observer"),
                                                               QStringLiteral("/observer"),
                                                               QStringLiteral("1.0.0"),
                                                               QStringLiteral("http://localhost:8080"),
                                                               {},
                                                               gold}),
                          "api");
    must(publisher->changeLifecycle(pat, api.id, QStringLiteral("Publish")), "publish");
    const auto rev = must(publisher->createRevision(pat, api.id, QStringLiteral("first")), "rev");
    must(publisher->deployRevision(pat, api.id, rev.id, QStringLiteral("Default"),
                                   QStringLiteral("localhost")),
         "deploy");
    const auto rev2 = must(publisher->createRevision(pat, api.id, QStringLiteral("second")), "rev2");
    const auto draft =
        must(publisher->createApi(carol,
                                  ApiDraft{QStringLiteral("Draft"), QStringLiteral("/draft"),
                                           QStringLiteral("1.0.0"), QStringLiteral("http://localhost:8081")}),
             "draft");
    const auto ready = must(publisher->createApi(carol, ApiDraft{QStringLiteral("Ready"),
                                                                 QStringLiteral("/ready"),
                                                                 QStringLiteral("1.0.0"),
                                                                 QStringLiteral("http://localhost:8082"),
                                                                 {},
                                                                 gold}),
                            "ready");
    const auto full =
        must(publisher->createApi(carol,
                                  ApiDraft{QStringLiteral("Full"), QStringLiteral("/full"),
                                           QStringLiteral("1.0.0"), QStringLiteral("http://localhost:8083")}),
             "full");
    const auto fullRev = must(publisher->createRevision(pat, full.id, {}), "fullrev");
    for (int i = 1; i < PublisherService::maxRevisions; ++i)
        must(publisher->createRevision(pat, full.id, {}), "full revisions");

    const auto app = must(portal->createApplication(sam, ApplicationDraft{QStringLiteral("App")}), "app");
    const auto keys = must(portal->generateKeys(sam, app.id, KeyType::Production, {}, 3600), "keys");
    const auto sub = must(portal->subscribe(sam, app.id, api.id), "sub");
    const auto spare =
        must(portal->createApplication(sam, ApplicationDraft{QStringLiteral("Spare")}), "spare");

    ids = {{QStringLiteral("api"), api.id},
           {QStringLiteral("rev"), rev.id},
           {QStringLiteral("rev2"), rev2.id},
           {QStringLiteral("draft"), draft.id},
           {QStringLiteral("ready"), ready.id},
           {QStringLiteral("full"), full.id},
           {QStringLiteral("fullrev"), fullRev.id},
           {QStringLiteral("app"), app.id},
           {QStringLiteral("keys"), keys.keys.id},
           {QStringLiteral("key"), keys.keys.consumerKey},
           {QStringLiteral("secret"), keys.consumerSecret},
           {QStringLiteral("sub"), sub.id},
           {QStringLiteral("spare"), spare.id}};
}

bool copyDirectory(const QString &from, const QString &to)
{
    QDir source(from);
    QDirIterator it(from, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const auto file = it.next();
        const auto target = QDir(to).filePath(source.relativeFilePath(file));
        if (!QDir().mkpath(QFileInfo(target).path()) || !QFile::copy(file, target))
            return false;
        QFile::setPermissions(target, QFile::permissions(file));
    }
    return true;
}

QString text(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Double:
        return QString::number(value.toInteger());
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Array:
        return QStringLiteral("<array>");
    case QJsonValue::Object:
        return QStringLiteral("<object>");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("<undefined>");
}

} // namespace

const QTemporaryDir &RestFixture::preparedDirectory()
{
    static const auto dir = [] {
        auto prepared = std::make_unique<QTemporaryDir>();
        auto runtime = Runtime::create(optionsFor(prepared->path()));
        if (!runtime)
            qFatal("Runtime::create failed: %s", qPrintable(runtime.error().message));
        buildWorld(*runtime.value());
        return prepared;
    }();
    return *dir;
}

RestFixture::RestFixture()
{
    if (!copyDirectory(preparedDirectory().path(), m_dir.path()))
        qFatal("Copying the prepared data directory failed");
    auto runtime = Runtime::create(optionsFor(m_dir.path()));
    if (!runtime)
        qFatal("Runtime::create failed: %s", qPrintable(runtime.error().message));
    m_runtime = std::move(runtime).value();
    if (const auto s = m_runtime->start(); !s)
        qFatal("Runtime::start failed: %s", qPrintable(s.error().message));
}

RestFixture::~RestFixture() = default;

QString RestFixture::substitute(QString text) const
{
    const auto &ids = worldIds();
    for (auto it = ids.begin(); it != ids.end(); ++it)
        text.replace(u'{' + it.key() + u'}', it.value());
    text.replace(QStringLiteral("{httpPort}"), QString::number(m_runtime->gatewayHttpPort()));
    text.replace(QStringLiteral("{httpsPort}"), QString::number(m_runtime->gatewayHttpsPort()));
    return text;
}

QByteArray RestFixture::basicAuthorization(const QString &user, const QString &password)
{
    return "Basic " + (user + u':' + password).toUtf8().toBase64();
}

HttpReply RestFixture::dispatch(const QString &user, const QByteArray &method, const QString &path,
                                const QByteArray &body, const QString &remoteAddress) const
{
    ApiRequest request;
    request.method = method;
    request.url = QUrl(QStringLiteral("https://127.0.0.1") + substitute(path));
    request.path = request.url.path(QUrl::FullyDecoded);
    if (!user.isEmpty())
        request.headers.append(
            {QByteArrayLiteral("Authorization"),
             basicAuthorization(user, user == u"admin" ? QStringLiteral("admin") : password)});
    request.body = substitute(QString::fromUtf8(body)).toUtf8();
    request.remoteAddress = remoteAddress;
    return m_runtime->management()->dispatch(request);
}

QList<QJsonValue> RestFixture::valuesAt(const QJsonValue &root, const QString &path)
{
    QList<QJsonValue> current{root};
    for (const auto &key : path.split(u'.', Qt::SkipEmptyParts)) {
        QList<QJsonValue> next;
        for (const auto &value : current) {
            if (key == u"*") {
                if (value.isArray())
                    for (const auto &item : value.toArray())
                        next << item;
                if (value.isObject())
                    for (const auto &item : value.toObject())
                        next << item;
                continue;
            }
            bool isIndex = false;
            const auto index = key.toInt(&isIndex);
            if (isIndex && value.isArray())
                next << (index >= 0 && index < value.toArray().size() ? value.toArray().at(index)
                                                                      : QJsonValue());
            else if (value.isObject())
                next << value.toObject().value(key);
        }
        current = next;
    }
    return current;
}

QStringList RestFixture::check(const HttpReply &reply, const QStringList &checks) const
{
    QStringList failures;
    const auto doc = QJsonDocument::fromJson(reply.body);
    const QJsonValue root = doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object());
    for (const auto &rawCheck : checks) {
        const auto check = substitute(rawCheck);
        if (check.startsWith(u'@')) {
            const auto eq = check.indexOf(u'=');
            const auto name = check.mid(1, eq - 1).toUtf8();
            QByteArray actual;
            for (const auto &[n, v] : reply.headers) {
                if (n.compare(name, Qt::CaseInsensitive) == 0)
                    actual = v;
            }
            if (actual != check.mid(eq + 1).toUtf8())
                failures << QStringLiteral("%1: got '%2'").arg(check, QString::fromUtf8(actual));
            continue;
        }
        if (check.endsWith(u'?')) {
            const auto values = valuesAt(root, check.chopped(1));
            const bool present = std::any_of(values.begin(), values.end(), [](const QJsonValue &v) {
                return !v.isUndefined() && !v.isNull() && !(v.isString() && v.toString().isEmpty());
            });
            if (!present)
                failures << QStringLiteral("%1: missing").arg(check);
            continue;
        }
        const auto eq = check.indexOf(u'=');
        const auto path = check.left(eq);
        const auto expected = check.mid(eq + 1);
        if (path == u"#") {
            const auto size = root.isArray() ? root.toArray().size() : root.toObject().size();
            if (QString::number(size) != expected)
                failures << QStringLiteral("%1: got %2").arg(check).arg(size);
            continue;
        }
        const auto values = valuesAt(root, path);
        QStringList actual;
        for (const auto &v : values)
            actual << text(v);
        if (!actual.contains(expected))
            failures << QStringLiteral("%1: got [%2]").arg(check, actual.join(QStringLiteral(", ")));
    }
    return failures;
}

void RestFixture::addColumns()
{
    QTest::addColumn<QString>("user");
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QStringList>("checks");
}

void RestFixture::addRow(const char *name, const QString &user, const char *method, const QString &path,
                         const QByteArray &body, int status, const QStringList &checks)
{
    QTest::newRow(name) << user << QByteArray(method) << path << body << status << checks;
}

void RestFixture::runRow()
{
    QFETCH(QString, user);
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QStringList, checks);
    RestFixture fixture;
    const auto reply = fixture.dispatch(user, method, path, body);
    QVERIFY2(reply.status == status, qPrintable(QStringLiteral("status %1, expected %2: %3")
                                                    .arg(reply.status)
                                                    .arg(status)
                                                    .arg(QString::fromUtf8(reply.body))));
    if (status >= 400) {
        // Every error has the management API's shape.
        const auto error = QJsonDocument::fromJson(reply.body).object();
        QCOMPARE(error.value(QStringLiteral("code")).toInt(), status);
        QVERIFY(!error.value(QStringLiteral("message")).toString().isEmpty());
        QVERIFY(!error.value(QStringLiteral("description")).toString().isEmpty());
        QCOMPARE(reply.contentType, QByteArrayLiteral("application/json"));
    }
    const auto failures = fixture.check(reply, checks);
    QVERIFY2(failures.isEmpty(), qPrintable(failures.join(QStringLiteral("; ")) + QStringLiteral(" in ") +
                                            QString::fromUtf8(reply.body)));
}
