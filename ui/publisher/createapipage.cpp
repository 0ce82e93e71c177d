#include "ui/publisher/createapipage.h"

#include "gateway/upstream/endpointprobe.h"
#include "models/businessplan.h"
#include "models/gatewayenvironment.h"
#include "models/publisherservice.h"
#include "models/validator.h"
#include "ui/common/messagebox.h"
#include "ui/common/messagelabel.h"
#include "ui/common/session.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

namespace sd::ui {

namespace {

QLineEdit *field(const QString &objectName, const QString &placeholder, int maxLength, QWidget *parent)
{
    auto *edit = new QLineEdit(parent);
    edit->setObjectName(objectName);
    edit->setPlaceholderText(placeholder);
    // A little room past the limit, so the rule's message shows instead of swallowed keys.
    edit->setMaxLength(maxLength + 10);
    return edit;
}

void addRow(QFormLayout *form, const QString &text, QWidget *field, QWidget *below,
            QWidget *secondBelow = nullptr)
{
    auto *label = new QLabel(text);
    label->setBuddy(field);
    auto *column = new QVBoxLayout;
    column->setSpacing(2);
    column->addWidget(field);
    column->addWidget(below);
    if (secondBelow)
        column->addWidget(secondBelow);
    form->addRow(label, column);
}

} // namespace

CreateApiPage::CreateApiPage(models::PublisherService *publisher, Session *session, QWidget *parent)
    : QWidget(parent)
    , m_publisher(publisher)
    , m_session(session)
    , m_probe(new gateway::EndpointProbe(this))
    , m_name(field(QStringLiteral("apiName"), tr("Observer"), 50, this))
    , m_context(field(QStringLiteral("apiContext"), tr("/observer"), 200, this))
    , m_version(field(QStringLiteral("apiVersion"), tr("1.0.0"), 30, this))
    , m_protocol(new QLineEdit(QStringLiteral("SSE"), this))
    , m_endpoint(field(QStringLiteral("apiEndpoint"), tr("http://localhost:8080"), 2000, this))
    , m_nameError(new MessageLabel(QStringLiteral("apiNameError"), MessageLabel::Kind::Error, this))
    , m_contextError(new MessageLabel(QStringLiteral("apiContextError"), MessageLabel::Kind::Error, this))
    , m_contextHint(new MessageLabel(QStringLiteral("apiContextHint"), MessageLabel::Kind::Note, this))
    , m_versionError(new MessageLabel(QStringLiteral("apiVersionError"), MessageLabel::Kind::Error, this))
    , m_endpointError(new MessageLabel(QStringLiteral("apiEndpointError"), MessageLabel::Kind::Error, this))
    , m_checkEndpoint(new QPushButton(tr("Chec&k endpoint"), this))
    , m_probeResult(new MessageLabel(QStringLiteral("endpointProbeResult"), MessageLabel::Kind::Note, this))
    , m_create(new QPushButton(tr("&Create"), this))
    , m_createAndPublish(new QPushButton(tr("Create && &Publish"), this))
    , m_cancel(new QPushButton(tr("Cancel"), this))
    , m_progressBar(new QProgressBar(this))
    , m_progress(new MessageLabel(QStringLiteral("createProgress"), MessageLabel::Kind::Note, this))
    , m_error(new MessageLabel(QStringLiteral("createError"), MessageLabel::Kind::Error, this))
{
    setObjectName(QStringLiteral("createApiPage"));
    auto *title = new QLabel(tr("<h2>Create an SSE API</h2>"), this);
    auto *intro =
        new QLabel(tr("Expose a backend that streams Server-Sent Events through the gateway."), this);
    intro->setWordWrap(true);

    m_protocol->setObjectName(QStringLiteral("apiProtocol"));
    m_protocol->setReadOnly(true);
    m_protocol->setToolTip(tr("This page creates Server-Sent Events APIs"));
    m_checkEndpoint->setObjectName(QStringLiteral("checkEndpointButton"));
    m_checkEndpoint->setToolTip(tr("Connect to the endpoint and report what it answers"));

    // A layout, not a widget, around the field: its buddy label must stay its sibling to name it.
    auto *endpointLayout = new QHBoxLayout;
    endpointLayout->addWidget(m_endpoint, 1);
    endpointLayout->addWidget(m_checkEndpoint);
    auto *endpointLabel = new QLabel(tr("&Endpoint:"), this);
    endpointLabel->setBuddy(m_endpoint);

    auto *form = new QFormLayout;
    addRow(form, tr("&Name:"), m_name, m_nameError);
    addRow(form, tr("Con&text:"), m_context, m_contextError, m_contextHint);
    addRow(form, tr("&Version:"), m_version, m_versionError);
    auto *protocolLabel = new QLabel(tr("P&rotocol:"), this);
    protocolLabel->setBuddy(m_protocol);
    form->addRow(protocolLabel, m_protocol);
    auto *endpointColumn = new QVBoxLayout;
    endpointColumn->setSpacing(2);
    endpointColumn->addLayout(endpointLayout);
    endpointColumn->addWidget(m_endpointError);
    endpointColumn->addWidget(m_probeResult);
    form->addRow(endpointLabel, endpointColumn);
    auto *endpointNote = new QLabel(tr("The endpoint serves both production and sandbox keys; the Endpoints "
                                       "tab sets a separate sandbox URL later."),
                                    this);
    endpointNote->setWordWrap(true);
    form->addRow(QString(), endpointNote);

    m_create->setObjectName(QStringLiteral("createButton"));
    m_create->setDefault(true);
    m_createAndPublish->setObjectName(QStringLiteral("createAndPublishButton"));
    m_createAndPublish->setAccessibleName(tr("Create and Publish"));
    m_createAndPublish->setToolTip(
        tr("Create the API, deploy a first revision to the gateway and publish it"));
    m_cancel->setObjectName(QStringLiteral("cancelCreateButton"));
    m_progressBar->setObjectName(QStringLiteral("createProgressBar"));
    m_progressBar->setAccessibleName(tr("Progress"));
    m_progressBar->setRange(0, 4);
    m_progressBar->hide();

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_create);
    buttons->addWidget(m_createAndPublish);
    buttons->addWidget(m_cancel);
    buttons->addStretch();

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(title);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addLayout(buttons);
    layout->addWidget(m_progressBar);
    layout->addWidget(m_progress);
    layout->addWidget(m_error);
    layout->addStretch();
    setTabOrder(m_name, m_context);
    setTabOrder(m_context, m_version);
    setTabOrder(m_version, m_protocol);
    setTabOrder(m_protocol, m_endpoint);
    setTabOrder(m_endpoint, m_checkEndpoint);
    setTabOrder(m_checkEndpoint, m_create);
    setTabOrder(m_create, m_createAndPublish);
    setTabOrder(m_createAndPublish, m_cancel);

    for (auto *edit : {m_name, m_context, m_version, m_endpoint}) {
        connect(edit, &QLineEdit::textEdited, this, [this, edit] {
            m_touched.insert(edit);
            validate();
        });
        connect(edit, &QLineEdit::returnPressed, m_create, &QPushButton::click);
    }
    connect(m_endpoint, &QLineEdit::textEdited, m_probeResult, &QWidget::hide);
    connect(m_create, &QPushButton::clicked, this, [this] { start(false); });
    connect(m_createAndPublish, &QPushButton::clicked, this, [this] { start(true); });
    connect(m_cancel, &QPushButton::clicked, this, &CreateApiPage::cancelled);
    connect(m_checkEndpoint, &QPushButton::clicked, this, &CreateApiPage::checkEndpoint);
    connect(m_probe, &gateway::EndpointProbe::finished, this, &CreateApiPage::showProbeResult);
    connect(m_session, &Session::changed, this, &CreateApiPage::validate);
    // Another front end may take the context and version meanwhile.
    connect(m_publisher, &models::PublisherService::apiChanged, this, &CreateApiPage::validate);
    connect(m_publisher, &models::PublisherService::apiRemoved, this, &CreateApiPage::validate);
    reset();
}

void CreateApiPage::reset()
{
    for (auto *edit : {m_name, m_context, m_version, m_endpoint})
        edit->clear();
    m_touched.clear();
    m_probeResult->showMessage(QString());
    m_progress->showMessage(QString());
    m_progressBar->hide();
    m_error->showMessage(QString());
    validate();
    m_name->setFocus();
}

models::ApiDraft CreateApiPage::draft() const
{
    models::ApiDraft draft;
    draft.name = m_name->text();
    draft.context = m_context->text();
    draft.version = m_version->text();
    // One URL for both key types, as WSO2's create page does.
    draft.productionEndpoint = m_endpoint->text();
    draft.sandboxEndpoint = m_endpoint->text();
    draft.plans = {models::BusinessPlan::defaultForNewApi()};
    return draft;
}

void CreateApiPage::validate()
{
    const auto d = draft();
    const auto name = models::Validator::apiName(d.name);
    const auto context = models::Validator::context(d.context);
    const auto version = models::Validator::version(d.version);
    const auto endpoint = models::Validator::endpoint(QStringLiteral("endpoint"), d.productionEndpoint, true);
    auto available = models::Status(models::Done{});
    if (context && version)
        available = models::Validator::contextVersionAvailable(m_publisher->apis(), d.context, d.version);

    auto show = [this](MessageLabel *label, QLineEdit *edit, const models::Status &status) {
        const bool visible = !status && (m_touched.contains(edit) || !edit->text().isEmpty());
        label->showMessage(visible ? status.error().message : QString());
    };
    show(m_nameError, m_name, name);
    show(m_contextError, m_context, context);
    show(m_versionError, m_version, version ? available : version);
    show(m_endpointError, m_endpoint, endpoint);
    m_contextHint->showMessage(context ? tr("API will be exposed in %1 context at the gateway").arg(d.context)
                                       : QString());
    m_checkEndpoint->setEnabled(bool(endpoint) && !m_probe->isRunning());

    const bool valid = name && context && version && endpoint && available;
    m_create->setEnabled(valid && !isBusy());
    m_createAndPublish->setEnabled(valid && !isBusy());
    m_createAndPublish->setVisible(m_session->has(models::Role::Publisher));
    for (auto *edit : {m_name, m_context, m_version, m_endpoint})
        edit->setReadOnly(isBusy());
    m_cancel->setEnabled(!isBusy());
}

void CreateApiPage::start(bool publish)
{
    if (isBusy() || !m_create->isEnabled())
        return;
    m_publish = publish;
    m_apiId.clear();
    m_revisionId.clear();
    m_error->showMessage(QString());
    m_progressBar->setMaximum(publish ? 4 : 1);
    m_progressBar->setValue(0);
    m_progressBar->show();
    m_step = Step::Create;
    validate();
    runStep();
}

void CreateApiPage::runStep()
{
    static const QHash<Step, const char *> labels{{Step::Create, QT_TR_NOOP("Creating API...")},
                                                  {Step::Revision, QT_TR_NOOP("Creating Revision...")},
                                                  {Step::Deploy, QT_TR_NOOP("Deploying Revision...")},
                                                  {Step::Publish, QT_TR_NOOP("Publishing API...")}};
    m_progress->showMessage(tr(labels.value(m_step)));
    Q_EMIT progressChanged(m_progress->text());
    // One step per event-loop turn, so that each is shown before it runs.
    QTimer::singleShot(0, this, [this] {
        const auto &actor = m_session->user();
        const models::GatewayEnvironment environment;
        Step next = Step::Idle;
        switch (m_step) {
        case Step::Create: {
            const auto api = m_publisher->createApi(actor, draft());
            if (!api)
                return fail(tr("Creating the API failed"), api.error().message);
            m_apiId = api->id;
            next = m_publish ? Step::Revision : Step::Idle;
            break;
        }
        case Step::Revision: {
            const auto revision =
                m_publisher->createRevision(actor, m_apiId, tr("Created with Create & Publish"));
            if (!revision)
                return fail(tr("Creating the revision failed"), revision.error().message);
            m_revisionId = revision->id;
            next = Step::Deploy;
            break;
        }
        case Step::Deploy: {
            const auto deployed = m_publisher->deployRevision(actor, m_apiId, m_revisionId, environment.name,
                                                              environment.vhost);
            if (!deployed)
                return fail(tr("Deploying the revision failed"), deployed.error().message);
            next = Step::Publish;
            break;
        }
        case Step::Publish: {
            const auto published = m_publisher->changeLifecycle(actor, m_apiId, QStringLiteral("Publish"));
            if (!published)
                return fail(tr("Publishing the API failed"), published.error().message);
            break;
        }
        case Step::Idle:
            return;
        }
        m_progressBar->setValue(m_progressBar->value() + 1);
        m_step = next;
        if (m_step != Step::Idle) {
            runStep();
            return;
        }
        validate();
        Q_EMIT apiCreated(m_apiId);
    });
}

void CreateApiPage::fail(const QString &what, const QString &message)
{
    m_step = Step::Idle;
    m_progressBar->hide();
    m_progress->showMessage(QString());
    validate();
    if (m_apiId.isEmpty()) {
        m_error->showMessage(tr("%1: %2 Correct the form and try again.").arg(what, message));
        return;
    }
    MessageBox::warning(this, tr("Create & Publish stopped"),
                        tr("%1: %2\n\nThe API was created. Finish the remaining steps on its Deployments and "
                           "Lifecycle tabs.")
                            .arg(what, message));
    Q_EMIT apiCreated(m_apiId);
}

void CreateApiPage::checkEndpoint()
{
    m_probeResult->showMessage(MessageLabel::Kind::Note, tr("Connecting to %1...").arg(m_endpoint->text()));
    m_probe->start(QUrl(m_endpoint->text()));
    m_checkEndpoint->setEnabled(false);
}

void CreateApiPage::showProbeResult(const gateway::ProbeResult &result)
{
    const bool good =
        result.answered && result.eventStream && result.httpStatus >= 200 && result.httpStatus < 300;
    QString text;
    if (!result.answered)
        text = tr("Could not reach the endpoint (%1). Check that the backend is running and that the URL "
                  "is right.")
                   .arg(result.error.endsWith(u'.') ? result.error.chopped(1) : result.error);
    else if (good)
        text = tr("HTTP %1, %2: the endpoint streams events.").arg(result.httpStatus).arg(result.mediaType);
    else
        text = tr("HTTP %1, %2: the backend answers, but not with an event stream at this URL. If it streams "
                  "under a path (such as /memory), callers add that path after the API's URL.")
                   .arg(result.httpStatus)
                   .arg(result.mediaType.isEmpty() ? tr("no media type") : result.mediaType);
    const auto mark = good              ? QStringLiteral("✔ ")
                      : result.answered ? QStringLiteral("⚠ ")
                                        : QStringLiteral("✘ ");
    m_probeResult->showMessage(good              ? MessageLabel::Kind::Success
                               : result.answered ? MessageLabel::Kind::Warning
                                                 : MessageLabel::Kind::Error,
                               mark + text);
    validate();
}

} // namespace sd::ui
