#include "tests/gateway/server/gatewayfixture.h"

#include "gateway/auth/signingkey.h"
#include "gateway/auth/tlsidentity.h"
#include "gateway/token/tokenservice.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>
#include <algorithm>
#include <unistd.h>

namespace sd::gateway::test {

namespace {

const QStringList keyFiles{QStringLiteral("keys/signing-key.pem"), QStringLiteral("keys/tls-cert.pem"),
                           QStringLiteral("keys/tls-key.pem")};

// Key material is made once per process and copied into each new data directory: generating an RSA key
// takes up to a second and is not what these tests are about.
models::Status seedKeys(const QString &dataDir)
{
    static QTemporaryDir templateDir;
    static bool generated = false;
    const QDir from(templateDir.path());
    if (!generated) {
        if (auto key = SigningKey::loadOrCreate(from.filePath(keyFiles[0])); !key)
            return key.error();
        if (auto tls = TlsIdentity::loadOrCreate(from.filePath(keyFiles[1]), from.filePath(keyFiles[2]));
            !tls)
            return tls.error();
        generated = true;
    }
    const QDir to(dataDir);
    if (!to.mkpath(QStringLiteral("keys")))
        return models::storageError(QStringLiteral("Cannot create %1/keys").arg(dataDir));
    for (const auto &file : keyFiles) {
        if (!QFile::copy(from.filePath(file), to.filePath(file)))
            return models::storageError(QStringLiteral("Cannot copy %1").arg(file));
    }
    return models::Done{};
}

} // namespace

GatewayFixture::GatewayFixture(bool tls)
    : m_tls(tls)
    , m_admin{QStringLiteral("admin"), models::Role::Admin}
    , m_clients(std::make_unique<QObject>())
{}

GatewayFixture::~GatewayFixture()
{
    m_clients.reset();
    stop();
}

models::Status GatewayFixture::start(const Configure &configure)
{
    if (!m_dir.isValid())
        return models::storageError(QStringLiteral("No temporary directory: %1").arg(m_dir.errorString()));
    if (!QDir(m_dir.path()).exists(QStringLiteral("keys"))) {
        if (auto s = seedKeys(m_dir.path()); !s)
            return s;
    }
    RuntimeOptions options;
    options.dataDir = m_dir.path();
    options.gateway.httpPort = 0;
    options.gateway.httpsPort = 0;
    options.managementPort = 0;
    if (configure)
        configure(options);
    auto created = Runtime::create(options);
    if (!created)
        return created.error();
    m_runtime = std::move(created).value();
    return m_runtime->start();
}

void GatewayFixture::stop()
{
    m_runtime.reset();
}

quint16 GatewayFixture::gatewayPort() const
{
    return m_tls ? m_runtime->gatewayHttpsPort() : m_runtime->gatewayHttpPort();
}

models::Result<models::Api> GatewayFixture::createApi(const QString &endpoint, const QStringList &plans,
                                                      const QString &context, const QString &version,
                                                      const QString &sandboxEndpoint)
{
    models::ApiDraft draft;
    draft.name = QStringLiteral("Api") + QString(context).remove(u'/');
    draft.context = context;
    draft.version = version;
    draft.productionEndpoint = endpoint;
    draft.sandboxEndpoint = sandboxEndpoint;
    draft.plans = plans;
    return m_runtime->publisher()->createApi(m_admin, draft);
}

models::Status GatewayFixture::changeLifecycle(const QString &apiId, const QString &action)
{
    const auto api = m_runtime->publisher()->changeLifecycle(m_admin, apiId, action);
    if (!api)
        return api.error();
    return models::Done{};
}

models::Result<models::Revision> GatewayFixture::deploy(const QString &apiId)
{
    auto *publisher = m_runtime->publisher();
    auto revision = publisher->createRevision(m_admin, apiId, QStringLiteral("test"));
    if (!revision)
        return revision;
    const auto deployment = publisher->deployRevision(m_admin, apiId, revision->id, QStringLiteral("Default"),
                                                      QStringLiteral("localhost"));
    if (!deployment)
        return deployment.error();
    return revision;
}

models::Result<models::Api> GatewayFixture::deployedApi(const QString &endpoint, const QStringList &plans,
                                                        const QString &context,
                                                        const QString &sandboxEndpoint)
{
    auto api = createApi(endpoint, plans, context, QStringLiteral("1.0.0"), sandboxEndpoint);
    if (!api)
        return api;
    if (auto s = changeLifecycle(api->id, QStringLiteral("Publish")); !s)
        return s.error();
    if (auto revision = deploy(api->id); !revision)
        return revision.error();
    return m_runtime->publisher()->api(api->id).value();
}

models::Result<Credentials> GatewayFixture::credentials(const QString &applicationId, models::KeyType keyType,
                                                        qint64 validitySeconds)
{
    auto keys = m_runtime->portal()->generateKeys(m_admin, applicationId, keyType,
                                                  {QStringLiteral("client_credentials")}, validitySeconds);
    if (!keys)
        return keys.error();
    const auto token = m_runtime->tokens()->issue(keys->keys, 0);
    if (!token)
        return token.error();
    return Credentials{keys.value(), token->accessToken};
}

models::Result<Subscriber> GatewayFixture::subscriber(const QString &apiId, const SubscriberOptions &options)
{
    auto *portal = m_runtime->portal();
    models::ApplicationDraft draft;
    draft.name = QStringLiteral("App%1").arg(++m_applications);
    draft.quota = options.quota;
    draft.tokenType = options.tokenType;
    const auto app = portal->createApplication(m_admin, draft);
    if (!app)
        return app.error();
    Subscriber subscriber;
    subscriber.application = app.value();
    if (options.subscribe) {
        const auto sub = portal->subscribe(m_admin, app->id, apiId, options.plan);
        if (!sub)
            return sub.error();
        subscriber.subscriptionId = sub->id;
    }
    auto production = credentials(app->id, models::KeyType::Production);
    if (!production)
        return production.error();
    subscriber.production = production.value();
    return subscriber;
}

models::Status GatewayFixture::addPlan(const QString &name, qint64 eventLimit, qint64 windowSeconds)
{
    const auto connection = QStringLiteral("fixture-%1").arg(QUuid::createUuid().toString(QUuid::Id128));
    models::Status status = models::Done{};
    {
        auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        db.setDatabaseName(m_runtime->store()->path());
        QSqlQuery query(db);
        if (!db.open() || !query.prepare(QStringLiteral("INSERT INTO plans VALUES(?, ?, ?, ?)"))) {
            status = models::storageError(db.lastError().text());
        } else {
            query.addBindValue(name);
            query.addBindValue(
                QStringLiteral("Allows %1 events per %2 s").arg(eventLimit).arg(windowSeconds));
            query.addBindValue(eventLimit);
            query.addBindValue(windowSeconds);
            if (!query.exec())
                status = models::storageError(query.lastError().text());
        }
    }
    QSqlDatabase::removeDatabase(connection);
    return status;
}

TestClient *GatewayFixture::client()
{
    auto *client = new TestClient(m_clients.get());
    if (m_tls)
        client->setTrustedCertificate(m_runtime->tlsIdentity().certificate());
    return client;
}

TestClient *GatewayFixture::get(const QByteArray &target, const QString &token,
                                const TestClient::HeaderList &extra)
{
    auto *c = client();
    auto headers = extra;
    if (!token.isEmpty())
        headers.prepend({QByteArrayLiteral("Authorization"), "Bearer " + token.toLatin1()});
    c->get(gatewayPort(), target, headers);
    return c;
}

TestClient *GatewayFixture::management(const QByteArray &method, const QByteArray &path,
                                       const TestClient::HeaderList &headers, const QByteArray &body)
{
    auto *c = new TestClient(m_clients.get());
    c->setTrustedCertificate(m_runtime->tlsIdentity().certificate());
    c->request(m_runtime->managementPort(), method, path, headers, body);
    return c;
}

TestClient *GatewayFixture::postForm(const QByteArray &path, const QString &user, const QString &password,
                                     const QByteArray &form)
{
    TestClient::HeaderList headers{
        {QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/x-www-form-urlencoded")}};
    if (!user.isNull())
        headers.append(
            {QByteArrayLiteral("Authorization"), "Basic " + (user + u':' + password).toUtf8().toBase64()});
    return management(QByteArrayLiteral("POST"), path, headers, form);
}

QJsonObject jsonObject(const QByteArray &body)
{
    return QJsonDocument::fromJson(body).object();
}

int openDescriptors()
{
    return int(
        QDir(QStringLiteral("/proc/self/fd")).entryList(QDir::AllEntries | QDir::NoDotAndDotDot).size());
}

namespace {

// Each descriptor of this process and what it refers to ("socket:[123]", a file's path).
QList<std::pair<QString, QString>> descriptorTargets()
{
    QList<std::pair<QString, QString>> targets;
    const QDir fds(QStringLiteral("/proc/self/fd"));
    for (const auto &fd : fds.entryList(QDir::AllEntries | QDir::NoDotAndDotDot)) {
        // readlink, not QFileInfo::symLinkTarget(): "socket:[123]" is not a path to resolve.
        char target[256] = {};
        const auto size =
            ::readlink(QFile::encodeName(fds.filePath(fd)).constData(), target, sizeof target - 1);
        targets.append({fd, QString::fromLocal8Bit(target, size < 0 ? 0 : size)});
    }
    return targets;
}

} // namespace

int openSockets()
{
    const auto targets = descriptorTargets();
    return int(std::count_if(targets.begin(), targets.end(),
                             [](const auto &t) { return t.second.startsWith(QLatin1String("socket:")); }));
}

QString describeDescriptors()
{
    QStringList lines;
    for (const auto &[fd, target] : descriptorTargets())
        lines.append(fd + QStringLiteral(" -> ") + target);
    return lines.join(u'\n');
}

qint64 residentKiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const auto &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').constFirst().toLongLong();
    }
    return -1;
}

} // namespace sd::gateway::test
