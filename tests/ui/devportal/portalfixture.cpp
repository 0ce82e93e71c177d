#include "portalfixture.h"

#include "gateway/server/gatewayserver.h"
#include "gateway/token/tokenservice.h"
#include "ui/keychain/secretstore.h"

#include <QTest>

using namespace sd;

namespace {

template <typename T> T require(models::Result<T> result, const char *step)
{
    if (!result)
        qFatal("%s failed: %s", step, qPrintable(result.error().message));
    return std::move(result).value();
}

} // namespace

PortalFixture::PortalFixture() = default;

models::Api PortalFixture::publishApi(const QString &endpoint, const QString &name, const QString &context)
{
    auto *publisher = console.publisher();
    const auto admin = console.admin();
    const models::ApiDraft draft{name, context, QStringLiteral("1.0.0"), endpoint};
    const auto api = require(publisher->createApi(admin, draft), "createApi");
    require(publisher->setPlans(admin, api.id, {QStringLiteral("AsyncGold"), QStringLiteral("AsyncBronze")}),
            "setPlans");
    require(publisher->changeLifecycle(admin, api.id, QStringLiteral("Publish")), "Publish");
    const auto revision = require(publisher->createRevision(admin, api.id, QString()), "createRevision");
    require(publisher->deployRevision(admin, api.id, revision.id, QStringLiteral("Default"),
                                      QStringLiteral("localhost")),
            "deployRevision");
    const auto published = publisher->api(api.id);
    if (!published)
        qFatal("the published API is gone");
    return *published;
}

models::User PortalFixture::signInSubscriber(const QString &name)
{
    const auto user = console.createUser(name, models::Role::Subscriber);
    console.session.signIn(user);
    return user;
}

ui::PortalContext PortalFixture::context(ui::SecretStore *secrets)
{
    auto *runtime = console.runtime();
    ui::PortalContext context;
    context.portal = runtime->portal();
    context.tokens = runtime->tokens();
    context.meter = runtime->gateway()->meter();
    context.session = &console.session;
    context.secrets = secrets;
    context.status = console.status;
    return context;
}

std::optional<QString> PortalFixture::readSecret(ui::SecretStore &store, const QString &key)
{
    // Generous: the keychain answers from another thread on a loaded machine.
    constexpr int waitMs = 20000;
    bool answered = false;
    std::optional<QString> value;
    QObject context;
    store.read(key, &context, [&](const std::optional<QString> &secret, const QString &) {
        value = secret;
        answered = true;
    });
    if (!QTest::qWaitFor([&] { return answered; }, waitMs))
        qFatal("The keychain did not answer");
    return value;
}
