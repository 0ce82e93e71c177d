#include "ui/devportal/applicationspage.h"

#include "gateway/token/tokenservice.h"
#include "models/devportalservice.h"
#include "ui/common/messagebox.h"
#include "ui/common/messagelabel.h"
#include "ui/common/pagecontrols.h"
#include "ui/common/serviceerrortext.h"
#include "ui/common/session.h"
#include "ui/devportal/applicationdialog.h"
#include "ui/devportal/applicationlistmodel.h"
#include "ui/devportal/applicationsubscriptionmodel.h"
#include "ui/devportal/applicationsubscriptionspanel.h"
#include "ui/devportal/keysetpanel.h"
#include "ui/keychain/secretstore.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace sd::ui {

ApplicationsPage::ApplicationsPage(const PortalContext &context, QWidget *parent)
    : QWidget(parent)
    , m_context(context)
    , m_keychainBanner(new MessageLabel(QStringLiteral("keychainBanner"), MessageLabel::Kind::Warning, this))
    , m_model(new ApplicationListModel(context.portal, context.session, this))
    , m_table(new QTableView(this))
    , m_new(PageControls::button(tr("&New Application..."), QStringLiteral("newApplicationButton"),
                                 tr("New Application"), this))
    , m_edit(PageControls::button(tr("&Edit..."), QStringLiteral("editApplicationButton"),
                                  tr("Edit the application"), this))
    , m_delete(PageControls::button(tr("De&lete..."), QStringLiteral("deleteApplicationButton"),
                                    tr("Delete the application"), this))
    , m_message(new MessageLabel(QStringLiteral("applicationsMessage"), MessageLabel::Kind::Note, this))
    , m_details(new QTabWidget(this))
    , m_production(new KeySetPanel(context, models::KeyType::Production, m_details))
    , m_sandbox(new KeySetPanel(context, models::KeyType::Sandbox, m_details))
    , m_subscriptions(new ApplicationSubscriptionsPanel(context, m_details))
{
    setObjectName(QStringLiteral("applicationsPage"));

    auto *title = new QLabel(tr("<h2>Applications</h2>"), this);
    auto *intro = new QLabel(tr("Your applications hold the keys and access tokens you call APIs with. "
                                "Consumer secrets and tokens are kept in this computer's keychain, never in "
                                "StreamDesk's database."),
                             this);
    intro->setWordWrap(true);
    m_keychainBanner->setAccessibleName(tr("Keychain notice"));

    m_table->setObjectName(QStringLiteral("applicationsTable"));
    m_table->setAccessibleName(tr("Applications"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setTabKeyNavigation(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_table->setMaximumHeight(200);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_new);
    buttons->addWidget(m_edit);
    buttons->addWidget(m_delete);
    buttons->addStretch();

    m_details->setObjectName(QStringLiteral("applicationDetails"));
    m_details->addTab(m_production, tr("&Production Keys"));
    m_details->addTab(m_sandbox, tr("&Sandbox Keys"));
    m_details->addTab(m_subscriptions, tr("S&ubscriptions"));

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(title);
    layout->addWidget(intro);
    layout->addWidget(m_keychainBanner);
    layout->addWidget(m_table);
    layout->addLayout(buttons);
    layout->addWidget(m_message);
    layout->addWidget(m_details, 1);

    setTabOrder(m_table, m_new);
    setTabOrder(m_new, m_edit);
    setTabOrder(m_edit, m_delete);
    setTabOrder(m_delete, m_details);

    if (!m_context.secrets->isPersistent())
        showKeychainBanner({});
    connect(m_context.secrets, &SecretStore::persistenceLost, this, &ApplicationsPage::showKeychainBanner);
    connect(m_new, &QPushButton::clicked, this, &ApplicationsPage::createApplication);
    connect(m_edit, &QPushButton::clicked, this, &ApplicationsPage::editApplication);
    connect(m_delete, &QPushButton::clicked, this, &ApplicationsPage::deleteApplication);
    connect(m_table, &QTableView::doubleClicked, this, &ApplicationsPage::editApplication);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &ApplicationsPage::currentChanged);
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        m_table->selectRow(0);
        currentChanged();
    });
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &ApplicationsPage::currentChanged);
    connect(m_context.portal, &models::DevPortalService::keysGenerated, this, [this](const QString &appId) {
        if (appId == m_currentId) {
            m_production->reload();
            m_sandbox->reload();
        }
    });
    connect(m_subscriptions->model(), &QAbstractItemModel::modelReset, this,
            &ApplicationsPage::updateSubscribedApis);
    for (auto *panel : {m_production, m_sandbox})
        connect(panel, &KeySetPanel::openStreamRequested, this, &ApplicationsPage::openStreamRequested);

    m_table->selectRow(0);
    currentChanged();
}

void ApplicationsPage::showKeychainBanner(const QString &reason)
{
    m_keychainBanner->showMessage(tr("No keychain service is running: consumer secrets and access tokens are "
                                     "kept for this session only and are gone when StreamDesk closes."));
    m_keychainBanner->setToolTip(reason);
}

QString ApplicationsPage::currentApplicationId() const
{
    return m_currentId;
}

void ApplicationsPage::showApplication(const QString &applicationId)
{
    const int row = m_model->rowOf(applicationId);
    if (row < 0)
        return;
    m_table->selectRow(row);
    currentChanged();
}

void ApplicationsPage::currentChanged()
{
    const auto current = m_table->selectionModel()->currentIndex();
    m_currentId =
        current.isValid() ? current.data(ApplicationListModel::ApplicationIdRole).toString() : QString();
    const bool any = !m_currentId.isEmpty();
    m_edit->setEnabled(any);
    m_delete->setEnabled(any);
    m_details->setEnabled(any);
    m_production->setApplication(m_currentId);
    m_sandbox->setApplication(m_currentId);
    m_subscriptions->setApplication(m_currentId);
    m_message->showMessage(MessageLabel::Kind::Note,
                           m_model->rowCount() > 0
                               ? QString()
                               : tr("You have no applications yet. Create one with New Application, or "
                                    "subscribe to an API in the Developer Portal."));
}

void ApplicationsPage::updateSubscribedApis()
{
    const auto apis = m_subscriptions->model()->subscribedApis();
    m_production->setSubscribedApis(apis);
    m_sandbox->setSubscribedApis(apis);
}

void ApplicationsPage::createApplication()
{
    if (!m_context.session->isSignedIn())
        return;
    QString createdId;
    auto *portal = m_context.portal;
    const auto user = m_context.session->user();
    ApplicationDialog dialog(
        portal->quotas(), std::nullopt,
        [portal, user, &createdId](const models::ApplicationDraft &draft) {
            const auto created = portal->createApplication(user, draft);
            if (!created) {
                return created.error().kind == models::Error::Kind::Conflict
                           ? tr("You already have an application named \"%1\". Choose another name.")
                                 .arg(draft.name)
                           : ServiceErrorText::describe(created.error());
            }
            createdId = created->id;
            return QString();
        },
        this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    showApplication(createdId);
    m_message->showMessage(
        MessageLabel::Kind::Success,
        tr("Created the application \"%1\". Generate keys for it on the Production Keys or "
           "Sandbox Keys tab.")
            .arg(dialog.draft().name));
}

void ApplicationsPage::editApplication()
{
    const auto app = m_model->application(m_currentId);
    if (!app || !m_context.session->isSignedIn())
        return;
    auto *portal = m_context.portal;
    const auto user = m_context.session->user();
    const auto id = app->id;
    ApplicationDialog dialog(
        portal->quotas(), app,
        [portal, user, id](const models::ApplicationDraft &draft) {
            const auto updated = portal->updateApplication(user, id, draft);
            if (updated)
                return QString();
            return updated.error().kind == models::Error::Kind::Conflict
                       ? tr("You already have an application named \"%1\". Choose another name.")
                             .arg(draft.name)
                       : ServiceErrorText::describe(updated.error());
        },
        this);
    if (dialog.exec() == QDialog::Accepted)
        m_message->showMessage(MessageLabel::Kind::Success,
                               tr("Saved the application \"%1\".").arg(dialog.draft().name));
}

void ApplicationsPage::deleteApplication()
{
    const auto app = m_model->application(m_currentId);
    if (!app || !m_context.session->isSignedIn())
        return;
    const auto answer = MessageBox::question(
        this, tr("Delete Application"),
        tr("Delete the application \"%1\"? Its subscriptions, keys and access tokens go with it, streams "
           "opened with its tokens end, and its secrets are removed from this computer's keychain. This "
           "cannot be undone.")
            .arg(app->name));
    if (answer != QMessageBox::Yes)
        return;
    const auto user = m_context.session->user();
    const auto keySets = m_context.portal->keySets(user, app->id);
    // Revoked first, so that open streams end; the records then go with the application.
    for (const auto &keys : keySets) {
        if (const auto revoked = m_context.tokens->revokeKeySetTokens(keys.id); !revoked) {
            m_message->showMessage(MessageLabel::Kind::Error, ServiceErrorText::describe(revoked.error()));
            return;
        }
    }
    if (const auto deleted = m_context.portal->deleteApplication(user, app->id); !deleted) {
        m_message->showMessage(MessageLabel::Kind::Error, ServiceErrorText::describe(deleted.error()));
        return;
    }
    for (const auto &keys : keySets) {
        m_context.secrets->remove(SecretStore::consumerSecretKey(keys.id));
        m_context.secrets->remove(SecretStore::accessTokenKey(keys.id));
    }
    m_message->showMessage(MessageLabel::Kind::Success, tr("Deleted the application \"%1\".").arg(app->name));
    m_table->setFocus();
}

} // namespace sd::ui
