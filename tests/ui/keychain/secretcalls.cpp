#include "secretcalls.h"

#include <QTest>

namespace {
// Generous for a loaded machine: only a hung keychain call takes this long.
constexpr int kPatienceMs = 120'000;

SecretCalls::Outcome waitFor(const std::shared_ptr<SecretCalls::Outcome> &outcome)
{
    // `done` stays false when it times out, which the caller checks.
    static_cast<void>(QTest::qWaitFor([&] { return outcome->done; }, kPatienceMs));
    return *outcome;
}

sd::ui::SecretStore::WriteDone writeDone(const std::shared_ptr<SecretCalls::Outcome> &outcome)
{
    return [outcome](bool ok, const QString &error) {
        outcome->done = true;
        outcome->ok = ok;
        outcome->error = error;
    };
}
} // namespace

SecretCalls::Outcome SecretCalls::write(sd::ui::SecretStore &store, const QString &key, const QString &secret)
{
    auto outcome = std::make_shared<Outcome>();
    QObject context;
    store.write(key, secret, &context, writeDone(outcome));
    return waitFor(outcome);
}

SecretCalls::Outcome SecretCalls::read(sd::ui::SecretStore &store, const QString &key)
{
    auto outcome = std::make_shared<Outcome>();
    QObject context;
    store.read(key, &context, [outcome](const std::optional<QString> &secret, const QString &error) {
        outcome->done = true;
        outcome->ok = error.isEmpty();
        outcome->secret = secret;
        outcome->error = error;
    });
    return waitFor(outcome);
}

SecretCalls::Outcome SecretCalls::remove(sd::ui::SecretStore &store, const QString &key)
{
    auto outcome = std::make_shared<Outcome>();
    QObject context;
    store.remove(key, &context, writeDone(outcome));
    return waitFor(outcome);
}
