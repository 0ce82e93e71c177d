#pragma once

#include "ui/keychain/secretstore.h"

#include <QString>
#include <optional>

/// SecretStore's asynchronous calls, each waited for: `done` tells whether its callback ran.
struct SecretCalls
{
    struct Outcome
    {
        bool done = false;
        bool ok = false;
        std::optional<QString> secret;
        QString error;
    };

    static Outcome write(sd::ui::SecretStore &store, const QString &key, const QString &secret);
    static Outcome read(sd::ui::SecretStore &store, const QString &key);
    static Outcome remove(sd::ui::SecretStore &store, const QString &key);
};
