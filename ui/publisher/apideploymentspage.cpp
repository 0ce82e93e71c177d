#include "ui/publisher/apideploymentspage.h"

#include "ui/common/messagebox.h"
#include "ui/common/pagecontrols.h"
#include "ui/common/serviceerrortext.h"
#include "ui/common/session.h"
#include "ui/publisher/deployrevisiondialog.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QStandardItemModel>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace sd::ui {

namespace {

constexpr int revisionIdRole = Qt::UserRole + 1;

QString environmentLabel(const QList<models::GatewayEnvironment> &environments, const QString &name)
{
    for (const auto &env : environments) {
        if (env.name == name)
            return env.displayName;
    }
    return name;
}

} // namespace

ApiDeploymentsPage::ApiDeploymentsPage(models::PublisherService *publisher, Session *session,
                                       const ConsoleStatus &status, QWidget *parent)
    : QWidget(parent)
    , m_publisher(publisher)
    , m_session(session)
    , m_status(status)
    , m_model(new QStandardItemModel(0, 4, this))
    , m_table(new QTableView(this))
    , m_deployNew(PageControls::button(tr("Deploy &New Revision..."),
                                       QStringLiteral("deployNewRevisionButton"), tr("Deploy New Revision"),
                                       this))
    , m_restore(PageControls::button(tr("&Restore"), QStringLiteral("restoreRevisionButton"),
                                     tr("Restore revision"), this))
    , m_delete(PageControls::button(tr("Delete"), QStringLiteral("deleteRevisionButton"),
                                    tr("Delete revision"), this))
    , m_environment(new QComboBox(this))
    , m_deploy(PageControls::button(tr("Deploy"), QStringLiteral("deployRevisionButton"),
                                    tr("Deploy revision"), this))
    , m_undeploy(PageControls::button(tr("&Undeploy"), QStringLiteral("undeployRevisionButton"),
                                      tr("Undeploy revision"), this))
    , m_summary(new QLabel(this))
    , m_progress(new QProgressBar(this))
    , m_progressLabel(new QLabel(this))
    , m_message(new QLabel(this))
{
    setObjectName(QStringLiteral("deploymentsPage"));
    auto *intro = new QLabel(tr("Each revision is a snapshot of the API; the gateway serves the revision "
                                "deployed to it. An API keeps at most %1 revisions.")
                                 .arg(models::PublisherService::maxRevisions),
                             this);
    intro->setWordWrap(true);

    m_model->setHorizontalHeaderLabels({tr("Revision"), tr("Description"), tr("Created"), tr("Deployed to")});
    m_table->setObjectName(QStringLiteral("revisionsTable"));
    m_table->setAccessibleName(tr("Revisions"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setColumnWidth(0, 110);
    m_table->setColumnWidth(1, 200);
    m_table->setColumnWidth(2, 160);
    // Fixed row heights: a long URL is elided, and shown whole in its tooltip and the line above.
    m_table->setWordWrap(false);
    m_table->setTextElideMode(Qt::ElideMiddle);

    m_summary->setObjectName(QStringLiteral("deploymentSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto summaryFont = m_summary->font();
    summaryFont.setBold(true);
    m_summary->setFont(summaryFont);
    m_environment->setObjectName(QStringLiteral("deployEnvironment"));
    m_progress->setObjectName(QStringLiteral("deployProgress"));
    m_progress->setAccessibleName(tr("Deployment progress"));
    m_progress->hide();
    m_progressLabel->setObjectName(QStringLiteral("deployProgressLabel"));
    m_progressLabel->hide();
    m_message->setObjectName(QStringLiteral("deploymentsMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *top = new QHBoxLayout;
    top->addWidget(intro, 1);
    top->addWidget(m_deployNew);

    auto *perRevision = new QHBoxLayout;
    perRevision->addWidget(m_restore);
    perRevision->addWidget(m_delete);
    perRevision->addSpacing(24);
    auto *envForm = new QFormLayout;
    envForm->addRow(tr("En&vironment:"), m_environment);
    m_environment->setAccessibleName(tr("Environment"));
    perRevision->addLayout(envForm);
    perRevision->addWidget(m_deploy);
    perRevision->addWidget(m_undeploy);
    perRevision->addStretch();

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_summary);
    layout->addWidget(m_table, 1);
    layout->addLayout(perRevision);
    layout->addWidget(m_progressLabel);
    layout->addWidget(m_progress);
    layout->addWidget(m_message);

    setTabOrder(m_deployNew, m_table);
    setTabOrder(m_table, m_restore);
    setTabOrder(m_restore, m_delete);
    setTabOrder(m_delete, m_environment);
    setTabOrder(m_environment, m_deploy);
    setTabOrder(m_deploy, m_undeploy);

    connect(m_deployNew, &QPushButton::clicked, this, &ApiDeploymentsPage::openDeployDialog);
    connect(m_restore, &QPushButton::clicked, this, &ApiDeploymentsPage::restoreSelected);
    connect(m_delete, &QPushButton::clicked, this, &ApiDeploymentsPage::deleteSelected);
    connect(m_deploy, &QPushButton::clicked, this, &ApiDeploymentsPage::deploySelected);
    connect(m_undeploy, &QPushButton::clicked, this, &ApiDeploymentsPage::undeploySelected);
    connect(m_environment, &QComboBox::currentIndexChanged, this, &ApiDeploymentsPage::updateControls);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &ApiDeploymentsPage::updateControls);
    const auto follow = [this](const QString &id) {
        if (id == m_apiId)
            reload();
    };
    connect(m_publisher, &models::PublisherService::revisionsChanged, this, follow);
    connect(m_publisher, &models::PublisherService::deploymentsChanged, this, follow);
    connect(m_publisher, &models::PublisherService::apiChanged, this, follow);
    connect(m_session, &Session::changed, this, &ApiDeploymentsPage::updateControls);

    for (const auto &env : m_publisher->environments())
        m_environment->addItem(env.displayName, env.name);
    reload();
}

void ApiDeploymentsPage::setApiId(const QString &apiId)
{
    m_apiId = apiId;
    m_message->clear();
    reload();
}

void ApiDeploymentsPage::reload()
{
    const auto selected = selectedRevisionId();
    m_revisions = m_publisher->revisions(m_apiId);
    m_deployments = m_publisher->deployments(m_apiId);
    const auto environments = m_publisher->environments();
    QStringList live;
    m_model->setRowCount(0);
    for (const auto &revision : std::as_const(m_revisions)) {
        QStringList where;
        for (const auto &d : std::as_const(m_deployments)) {
            if (d.revisionId != revision.id)
                continue;
            const QString url =
                m_status.gatewayUrl + revision.snapshot.context + u'/' + revision.snapshot.version;
            where << tr("%1 (%2): %3").arg(environmentLabel(environments, d.environment), d.vhost, url);
            live << tr("%1 is live on %2").arg(revision.displayName(), where.constLast());
        }
        auto *name = new QStandardItem(revision.displayName());
        name->setData(revision.id, revisionIdRole);
        auto *deployed =
            new QStandardItem(where.isEmpty() ? tr("not deployed") : where.join(QStringLiteral("; ")));
        deployed->setToolTip(deployed->text());
        m_model->appendRow({name, new QStandardItem(revision.description),
                            new QStandardItem(revision.createdAt.toLocalTime().toString(
                                QStringLiteral("yyyy-MM-dd HH:mm:ss"))),
                            deployed});
        if (revision.id == selected)
            m_table->selectRow(m_model->rowCount() - 1);
    }
    m_summary->setText(live.isEmpty() ? tr("Not deployed: clients cannot open streams to this API until a "
                                           "revision is deployed.")
                                      : live.join(u'\n'));
    if (!m_table->selectionModel()->hasSelection() && m_model->rowCount() > 0)
        m_table->selectRow(m_model->rowCount() - 1);
    updateControls();
}

void ApiDeploymentsPage::updateControls()
{
    const bool hasApi = m_publisher->api(m_apiId).has_value();
    const bool publisher = m_session->has(models::Role::Publisher);
    const bool editor = publisher || m_session->has(models::Role::Creator);
    const auto revisionId = selectedRevisionId();
    const auto environment = m_environment->currentData().toString();
    bool deployedHere = false;
    for (const auto &d : std::as_const(m_deployments))
        deployedHere = deployedHere || (d.revisionId == revisionId && d.environment == environment);
    const bool idle = !isBusy();
    m_deployNew->setVisible(publisher);
    m_deployNew->setEnabled(idle && hasApi);
    m_restore->setVisible(editor);
    m_delete->setVisible(editor);
    m_restore->setEnabled(idle && !revisionId.isEmpty());
    m_delete->setEnabled(idle && !revisionId.isEmpty());
    m_environment->setVisible(publisher);
    m_deploy->setVisible(publisher);
    m_undeploy->setVisible(publisher);
    m_deploy->setEnabled(idle && !revisionId.isEmpty() && !environment.isEmpty() && !deployedHere);
    m_undeploy->setEnabled(idle && deployedHere);
}

QString ApiDeploymentsPage::selectedRevisionId() const
{
    const auto rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : rows.first().data(revisionIdRole).toString();
}

void ApiDeploymentsPage::openDeployDialog()
{
    DeployRevisionDialog dialog(m_publisher->environments(), static_cast<int>(m_revisions.size()),
                                models::PublisherService::maxRevisions,
                                m_publisher->undeployedRevisions(m_apiId), this);
    if (dialog.exec() == QDialog::Accepted)
        deployNewRevision(dialog.request());
}

void ApiDeploymentsPage::deployNewRevision(const DeployRevisionRequest &request)
{
    if (isBusy())
        return;
    const auto apiId = m_apiId;
    const auto user = m_session->user();
    m_chainRevisionId.clear();
    if (!request.revisionToDelete.isEmpty()) {
        QString name = request.revisionToDelete;
        for (const auto &r : std::as_const(m_revisions)) {
            if (r.id == request.revisionToDelete)
                name = r.displayName();
        }
        m_steps.append({tr("Deleting %1...").arg(name), [this, apiId, user, id = request.revisionToDelete] {
                            return m_publisher->deleteRevision(user, apiId, id);
                        }});
    }
    m_steps.append({tr("Creating Revision..."), [this, apiId, user, description = request.description] {
                        const auto revision = m_publisher->createRevision(user, apiId, description);
                        if (!revision)
                            return models::Status(revision.error());
                        m_chainRevisionId = revision->id;
                        return models::Status(models::Done{});
                    }});
    const auto environments = m_publisher->environments();
    for (const auto &target : request.targets) {
        m_steps.append(
            {tr("Deploying Revision to %1...").arg(environmentLabel(environments, target.environment)),
             [this, apiId, user, target]() -> models::Status {
                 const auto d = m_publisher->deployRevision(user, apiId, m_chainRevisionId,
                                                            target.environment, target.vhost);
                 if (!d)
                     return d.error();
                 return models::Done{};
             }});
    }
    m_chainDeploys = !request.targets.isEmpty();
    m_stepsTotal = static_cast<int>(m_steps.size());
    m_progress->setRange(0, m_stepsTotal);
    m_progress->setValue(0);
    m_progress->show();
    m_progressLabel->show();
    m_message->clear();
    updateControls();
    // One step per event-loop turn, so the progress is painted between steps.
    QTimer::singleShot(0, this, &ApiDeploymentsPage::runNextStep);
}

void ApiDeploymentsPage::runNextStep()
{
    if (m_steps.isEmpty())
        return;
    const auto step = m_steps.takeFirst();
    m_progressLabel->setText(step.label);
    const auto status = step.run();
    m_progress->setValue(m_stepsTotal - static_cast<int>(m_steps.size()));
    if (!status) {
        m_steps.clear();
        m_progress->hide();
        const auto created =
            m_chainRevisionId.isEmpty()
                ? QString()
                : tr(" The new revision was created; deploy it from the list when the problem "
                     "is fixed.");
        m_progressLabel->setText(tr("Stopped at: %1").arg(step.label));
        m_message->setText(ServiceErrorText::describe(status.error()) + created);
        updateControls();
        return;
    }
    if (!m_steps.isEmpty()) {
        QTimer::singleShot(0, this, &ApiDeploymentsPage::runNextStep);
        return;
    }
    m_progress->hide();
    m_progressLabel->hide();
    QString name;
    for (const auto &r : m_publisher->revisions(m_apiId)) {
        if (r.id == m_chainRevisionId)
            name = r.displayName();
    }
    m_message->setText(m_chainDeploys ? tr("%1 created and deployed.").arg(name)
                                      : tr("%1 created.").arg(name));
    updateControls();
}

void ApiDeploymentsPage::report(const models::Status &status, const QString &success)
{
    m_message->setText(status ? success : ServiceErrorText::describe(status.error()));
}

void ApiDeploymentsPage::restoreSelected()
{
    const auto id = selectedRevisionId();
    const auto name = m_table->selectionModel()->selectedRows().value(0).data().toString();
    if (id.isEmpty() ||
        MessageBox::question(this, tr("Restore Revision"),
                             tr("Restore %1? The API's name, context, version, endpoints, business plans and "
                                "topics are replaced by those of %1. The lifecycle state and the deployments "
                                "stay as they are.")
                                 .arg(name)) != QMessageBox::Yes)
        return;
    const auto result = m_publisher->restoreRevision(m_session->user(), m_apiId, id);
    report(result ? models::Status(models::Done{}) : models::Status(result.error()),
           tr("%1 restored into the current API.").arg(name));
}

void ApiDeploymentsPage::deleteSelected()
{
    const auto id = selectedRevisionId();
    const auto name = m_table->selectionModel()->selectedRows().value(0).data().toString();
    if (id.isEmpty() ||
        MessageBox::question(this, tr("Delete Revision"),
                             tr("Delete %1? This cannot be undone.").arg(name)) != QMessageBox::Yes)
        return;
    report(m_publisher->deleteRevision(m_session->user(), m_apiId, id), tr("%1 deleted.").arg(name));
}

void ApiDeploymentsPage::deploySelected()
{
    const auto id = selectedRevisionId();
    const auto environment = m_environment->currentData().toString();
    const auto name = m_table->selectionModel()->selectedRows().value(0).data().toString();
    QString vhost;
    for (const auto &env : m_publisher->environments()) {
        if (env.name == environment)
            vhost = env.vhost;
    }
    const auto result = m_publisher->deployRevision(m_session->user(), m_apiId, id, environment, vhost);
    report(result ? models::Status(models::Done{}) : models::Status(result.error()),
           tr("%1 deployed to %2.").arg(name, m_environment->currentText()));
}

void ApiDeploymentsPage::undeploySelected()
{
    const auto id = selectedRevisionId();
    const auto environment = m_environment->currentData().toString();
    const auto name = m_table->selectionModel()->selectedRows().value(0).data().toString();
    if (MessageBox::question(
            this, tr("Undeploy Revision"),
            tr("Undeploy %1 from %2? Clients can no longer open streams to the API there until "
               "a revision is deployed again.")
                .arg(name, m_environment->currentText())) != QMessageBox::Yes)
        return;
    report(m_publisher->undeployRevision(m_session->user(), m_apiId, id, environment),
           tr("%1 undeployed from %2.").arg(name, m_environment->currentText()));
}

} // namespace sd::ui
