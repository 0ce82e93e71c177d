#include "gateway/auth/authenticator.h"
#include "gateway/server/authcachewatcher.h"
#include "gateway/token/tokenservice.h"
#include "models/devportalservice.h"
#include "models/publisherservice.h"

#include <QDateTime>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>
#include <atomic>

using namespace sd;
using namespace sd::gateway;

namespace {

QByteArray bearer(const QString &token)
{
    return "Bearer " + token.toLatin1();
}

} // namespace

class TestAuthenticator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void cachedAnswersMatchTheStore();
    void blockedSubscriptionIsRefusedAtOnce();
    void revokedJwtIsRefusedAtOnce();
    void revokedOpaqueTokenIsRefusedAtOnce();
    void knownJwtStillExpires();
    void deletedKeysAreRefused();
    void planChangesAreSeen();
    void laterTokensAndSubscriptionsWork();
    void concurrentLookupsWhileRevoking();

private:
    struct Client
    {
        models::Application app;
        QString subscriptionId;
        models::KeySet keys;
        QString token;
        QString jti;
    };

    Client client(models::TokenType type, const QString &plan = QStringLiteral("AsyncGold"));
    std::variant<Caller, GatewayError> check(const QString &token) const;
    static QByteArray codeOf(const std::variant<Caller, GatewayError> &result);

    QTemporaryDir m_keyDir;
    std::optional<SigningKey> m_key;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::shared_ptr<models::Store> m_store;
    std::unique_ptr<models::PublisherService> m_publisher;
    std::unique_ptr<models::DevPortalService> m_portal;
    std::unique_ptr<TokenService> m_tokens;
    std::unique_ptr<Authenticator> m_auth;
    std::unique_ptr<AuthCacheWatcher> m_watcher;
    const models::User m_admin{QStringLiteral("admin"), models::Role::Admin};
    Route m_route;
    int m_apps = 0;
};

void TestAuthenticator::initTestCase()
{
    QVERIFY(m_keyDir.isValid());
    auto key = SigningKey::loadOrCreate(m_keyDir.filePath(QStringLiteral("signing.pem")));
    QVERIFY(key);
    m_key = key.value();
}

void TestAuthenticator::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    auto store = models::Store::open(m_dir->filePath(QStringLiteral("streamdesk.db")));
    QVERIFY(store);
    m_store = store.value();
    m_publisher = std::make_unique<models::PublisherService>(m_store);
    m_portal = std::make_unique<models::DevPortalService>(m_store);
    m_tokens =
        std::make_unique<TokenService>(m_store, *m_key, QStringLiteral("https://localhost/oauth2/token"));
    m_auth = std::make_unique<Authenticator>(m_store, *m_key);
    m_watcher = std::make_unique<AuthCacheWatcher>(m_auth->cache(), m_publisher.get(), m_portal.get(),
                                                   m_tokens.get());

    models::ApiDraft draft;
    draft.name = QStringLiteral("Observer");
    draft.context = QStringLiteral("/observer");
    draft.version = QStringLiteral("1.0.0");
    draft.productionEndpoint = QStringLiteral("http://127.0.0.1:1/events");
    draft.plans = {QStringLiteral("AsyncGold"), QStringLiteral("AsyncSilver")};
    const auto api = m_publisher->createApi(m_admin, draft);
    QVERIFY(api);
    QVERIFY(m_publisher->changeLifecycle(m_admin, api->id, QStringLiteral("Publish")));
    m_route = Route{api->id,
                    {},
                    draft.name,
                    draft.context,
                    draft.version,
                    models::LifecycleState::Published,
                    draft.productionEndpoint,
                    {}};
}

void TestAuthenticator::cleanup()
{
    m_watcher.reset();
    m_auth.reset();
    m_tokens.reset();
    m_portal.reset();
    m_publisher.reset();
    m_store.reset();
    m_dir.reset();
}

TestAuthenticator::Client TestAuthenticator::client(models::TokenType type, const QString &plan)
{
    Client c;
    models::ApplicationDraft draft;
    draft.name = QStringLiteral("App%1").arg(++m_apps);
    draft.quota = QStringLiteral("Unlimited");
    draft.tokenType = type;
    const auto app = m_portal->createApplication(m_admin, draft);
    if (!app)
        return c;
    c.app = app.value();
    const auto sub = m_portal->subscribe(m_admin, app->id, m_route.apiId, plan);
    const auto keys = m_portal->generateKeys(m_admin, app->id, models::KeyType::Production,
                                             {QStringLiteral("client_credentials")}, 3600);
    if (!sub || !keys)
        return c;
    c.subscriptionId = sub->id;
    c.keys = keys->keys;
    const auto token = m_tokens->issue(c.keys, 0);
    if (token) {
        c.token = token->accessToken;
        c.jti = token->jti;
    }
    return c;
}

std::variant<Caller, GatewayError> TestAuthenticator::check(const QString &token) const
{
    return m_auth->authenticate(bearer(token), m_route, QDateTime::currentSecsSinceEpoch());
}

QByteArray TestAuthenticator::codeOf(const std::variant<Caller, GatewayError> &result)
{
    return std::holds_alternative<GatewayError>(result) ? std::get<GatewayError>(result).code : QByteArray();
}

void TestAuthenticator::cachedAnswersMatchTheStore()
{
    for (const auto type : {models::TokenType::Jwt, models::TokenType::OAuth}) {
        const auto c = client(type);
        QVERIFY(!c.token.isEmpty());
        for (int i = 0; i < 3; ++i) { // the first call fills the cache, the others read it
            const auto result = check(c.token);
            QVERIFY2(std::holds_alternative<Caller>(result), codeOf(result).constData());
            const auto &caller = std::get<Caller>(result);
            QCOMPARE(caller.tokenId, c.jti);
            QCOMPARE(caller.applicationId, c.app.id);
            QCOMPARE(caller.consumerKey, c.keys.consumerKey);
            QCOMPARE(caller.subscriptionId, c.subscriptionId);
            QCOMPARE(caller.plan.name, QStringLiteral("AsyncGold"));
            QCOMPARE(caller.quota.name, QStringLiteral("Unlimited"));
        }
    }
    const auto unknown = check(QStringLiteral("not-a-token-we-issued"));
    QCOMPARE(codeOf(unknown), GatewayError::invalidCredentials({}).code);
}

void TestAuthenticator::blockedSubscriptionIsRefusedAtOnce()
{
    const auto c = client(models::TokenType::Jwt);
    QVERIFY(std::holds_alternative<Caller>(check(c.token)));
    QVERIFY(std::holds_alternative<Caller>(check(c.token)));
    QVERIFY(
        m_publisher->setSubscriptionStatus(m_admin, c.subscriptionId, models::SubscriptionStatus::Blocked));
    QCOMPARE(codeOf(check(c.token)), GatewayError::subscriptionBlocked().code);
    QVERIFY(
        m_publisher->setSubscriptionStatus(m_admin, c.subscriptionId, models::SubscriptionStatus::OnHold));
    QCOMPARE(codeOf(check(c.token)), GatewayError::subscriptionInactive().code);
    QVERIFY(
        m_publisher->setSubscriptionStatus(m_admin, c.subscriptionId, models::SubscriptionStatus::Unblocked));
    QVERIFY(std::holds_alternative<Caller>(check(c.token)));
    QVERIFY(m_portal->unsubscribe(m_admin, c.subscriptionId));
    QCOMPARE(codeOf(check(c.token)), GatewayError::notSubscribed().code);
}

void TestAuthenticator::revokedJwtIsRefusedAtOnce()
{
    const auto c = client(models::TokenType::Jwt);
    const auto other = client(models::TokenType::Jwt);
    QVERIFY(std::holds_alternative<Caller>(check(c.token)));
    QVERIFY(std::holds_alternative<Caller>(check(other.token)));
    QVERIFY(m_tokens->revokeById(c.jti));
    const auto result = check(c.token);
    QVERIFY(std::holds_alternative<GatewayError>(result));
    QCOMPARE(std::get<GatewayError>(result).description, QStringLiteral("Access token revoked."));
    QVERIFY(std::holds_alternative<Caller>(check(other.token)));
}

void TestAuthenticator::revokedOpaqueTokenIsRefusedAtOnce()
{
    const auto c = client(models::TokenType::OAuth);
    QVERIFY(!c.token.contains(u'.'));
    QVERIFY(std::holds_alternative<Caller>(check(c.token)));
    QVERIFY(std::holds_alternative<Caller>(check(c.token)));
    QVERIFY(m_tokens->revokeFor(c.keys, c.token.toLatin1()));
    const auto result = check(c.token);
    QVERIFY(std::holds_alternative<GatewayError>(result));
    QCOMPARE(std::get<GatewayError>(result).description, QStringLiteral("Access token revoked."));
}

void TestAuthenticator::knownJwtStillExpires()
{
    const auto c = client(models::TokenType::Jwt);
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    QVERIFY(std::holds_alternative<Caller>(m_auth->authenticate(bearer(c.token), m_route, now)));
    const auto expired = m_auth->authenticate(bearer(c.token), m_route, now + 3600 + 1);
    QVERIFY(std::holds_alternative<GatewayError>(expired));
    QCOMPARE(std::get<GatewayError>(expired).description, QStringLiteral("Access token expired."));
    const auto early = m_auth->authenticate(bearer(c.token), m_route, now - 600);
    QCOMPARE(codeOf(early), GatewayError::invalidCredentials({}).code);
    QVERIFY(std::holds_alternative<Caller>(m_auth->authenticate(bearer(c.token), m_route, now)));
    // A token altered after its first check is not the token checked.
    auto forged = c.token;
    forged[forged.size() - 2] = forged[forged.size() - 2] == u'A' ? u'B' : u'A';
    QCOMPARE(codeOf(check(forged)), GatewayError::invalidCredentials({}).code);
}

void TestAuthenticator::deletedKeysAreRefused()
{
    const auto jwt = client(models::TokenType::Jwt);
    const auto opaque = client(models::TokenType::OAuth);
    QVERIFY(std::holds_alternative<Caller>(check(jwt.token)));
    QVERIFY(std::holds_alternative<Caller>(check(opaque.token)));
    QVERIFY(m_portal->deleteKeys(m_admin, jwt.keys.id));
    QVERIFY(m_portal->deleteApplication(m_admin, opaque.app.id));
    QCOMPARE(codeOf(check(jwt.token)), GatewayError::invalidCredentials({}).code);
    QCOMPARE(codeOf(check(opaque.token)), GatewayError::invalidCredentials({}).code);
}

void TestAuthenticator::planChangesAreSeen()
{
    const auto c = client(models::TokenType::Jwt);
    QCOMPARE(std::get<Caller>(check(c.token)).quota.name, QStringLiteral("Unlimited"));

    // The application's quota.
    models::ApplicationDraft draft;
    draft.name = c.app.name;
    draft.quota = QStringLiteral("10PerMin");
    draft.tokenType = c.app.tokenType;
    QVERIFY(m_portal->updateApplication(m_admin, c.app.id, draft));
    auto caller = std::get<Caller>(check(c.token));
    QCOMPARE(caller.quota.name, QStringLiteral("10PerMin"));
    QCOMPARE(caller.quota.requestsPerMinute, 10);

    // The subscription's business plan.
    QCOMPARE(caller.plan.name, QStringLiteral("AsyncGold"));
    QVERIFY(m_portal->unsubscribe(m_admin, c.subscriptionId));
    const auto resubscribed =
        m_portal->subscribe(m_admin, c.app.id, m_route.apiId, QStringLiteral("AsyncSilver"));
    QVERIFY(resubscribed);
    caller = std::get<Caller>(check(c.token));
    QCOMPARE(caller.subscriptionId, resubscribed->id);
    QCOMPARE(caller.plan.name, QStringLiteral("AsyncSilver"));
    QCOMPARE(caller.plan.eventLimit, 25000);
}

void TestAuthenticator::laterTokensAndSubscriptionsWork()
{
    const auto c = client(models::TokenType::OAuth);
    QVERIFY(std::holds_alternative<Caller>(check(c.token)));
    const auto next = m_tokens->issue(c.keys, 0);
    QVERIFY(next);
    QVERIFY(std::holds_alternative<Caller>(check(next->accessToken)));

    // An application that was not subscribed when first seen.
    models::ApplicationDraft draft;
    draft.name = QStringLiteral("Late");
    draft.quota = QStringLiteral("Unlimited");
    const auto app = m_portal->createApplication(m_admin, draft);
    QVERIFY(app);
    const auto keys = m_portal->generateKeys(m_admin, app->id, models::KeyType::Production,
                                             {QStringLiteral("client_credentials")}, 3600);
    QVERIFY(keys);
    const auto token = m_tokens->issue(keys->keys, 0);
    QVERIFY(token);
    QCOMPARE(codeOf(check(token->accessToken)), GatewayError::notSubscribed().code);
    QVERIFY(m_portal->subscribe(m_admin, app->id, m_route.apiId));
    QVERIFY(std::holds_alternative<Caller>(check(token->accessToken)));
}

void TestAuthenticator::concurrentLookupsWhileRevoking()
{
    struct Entry
    {
        QString token;
        QString jti;
        std::atomic<bool> revoking{false}; // set before revokeById() is called
        std::atomic<bool> revoked{false};  // set once it returned
    };
    constexpr int tokenCount = 24;
    std::vector<std::unique_ptr<Entry>> entries;
    for (int i = 0; i < tokenCount; ++i) {
        const auto c = client(i % 2 ? models::TokenType::OAuth : models::TokenType::Jwt);
        QVERIFY(!c.token.isEmpty());
        auto entry = std::make_unique<Entry>();
        entry->token = c.token;
        entry->jti = c.jti;
        entries.push_back(std::move(entry));
    }

    std::atomic<bool> done{false};
    std::atomic<int> lateRefusals{0}; // refused before the revocation began
    std::atomic<int> staleAnswers{0}; // accepted although revoked before the call
    std::atomic<int> calls{0};
    // QThreads, not std::threads: the store closes a thread's connection when its QThread finishes.
    std::vector<std::unique_ptr<QThread>> workers;
    auto stop = qScopeGuard([&] {
        done.store(true);
        for (auto &worker : workers)
            worker->wait();
    });
    for (int w = 0; w < 4; ++w) {
        workers.emplace_back(QThread::create([&, w] {
            int i = w;
            while (!done.load()) {
                const auto &entry = *entries[std::size_t(i++ % tokenCount)];
                const bool revokedBefore = entry.revoked.load();
                const auto result =
                    m_auth->authenticate(bearer(entry.token), m_route, QDateTime::currentSecsSinceEpoch());
                const bool revokingAfter = entry.revoking.load();
                if (std::holds_alternative<Caller>(result) && revokedBefore)
                    ++staleAnswers;
                if (std::holds_alternative<GatewayError>(result) && !revokingAfter)
                    ++lateRefusals;
                ++calls;
            }
        }));
        workers.back()->start();
    }
    for (auto &entry : entries) {
        const int before = calls.load();
        QTRY_VERIFY(calls.load() >= before + 8); // let the workers read (and cache) in between
        entry->revoking.store(true);
        QVERIFY(m_tokens->revokeById(entry->jti));
        entry->revoked.store(true);
    }
    const int before = calls.load();
    QTRY_VERIFY(calls.load() >= before + 8);
    stop.dismiss();
    done.store(true);
    for (auto &worker : workers)
        worker->wait();
    QCOMPARE(staleAnswers.load(), 0);
    QCOMPARE(lateRefusals.load(), 0);
    for (const auto &entry : entries)
        QCOMPARE(std::get<GatewayError>(check(entry->token)).description,
                 QStringLiteral("Access token revoked."));
}

QTEST_GUILESS_MAIN(TestAuthenticator)
#include "tst_authenticator.moc"
