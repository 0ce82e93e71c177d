#pragma once

#include "consolefixture.h"
#include "ui/devportal/portalcontext.h"

#include <QString>
#include <optional>

namespace sd::ui {
class SecretStore;
} // namespace sd::ui

/// The real console with an "Observer" API that a subscriber can find in the developer portal: created,
/// given business plans, published and deployed to the Default gateway on vhost localhost.
class PortalFixture final
{
    Q_DISABLE_COPY_MOVE(PortalFixture)

public:
    PortalFixture();

    /// Publishes and deploys an API on `endpoint` (AsyncGold and AsyncBronze, in that order); fails the
    /// run when a step is refused.
    sd::models::Api publishApi(const QString &endpoint, const QString &name = QStringLiteral("Observer"),
                               const QString &context = QStringLiteral("/observer"));
    /// A user with the subscriber role only (password ConsoleFixture::password), signed in to the session.
    sd::models::User signInSubscriber(const QString &name = QStringLiteral("sam"));
    /// The context the portal's pages get; `secrets` may stay null for pages that keep no secrets.
    sd::ui::PortalContext context(sd::ui::SecretStore *secrets = nullptr);
    /// What `store` holds under `key`, once its read has answered; ends the run when it never does.
    static std::optional<QString> readSecret(sd::ui::SecretStore &store, const QString &key);

    ConsoleFixture console;
};
