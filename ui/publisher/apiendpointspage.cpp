#include "ui/publisher/apiendpointspage.h"

#include "models/validator.h"
#include "ui/common/serviceerrortext.h"
#include "ui/common/session.h"
#include "ui/publisher/apiedits.h"
#include "ui/publisher/endpointcheck.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace sd::ui {

namespace {

QLabel *errorLabel(const QString &objectName, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setStyleSheet(QStringLiteral("color: #b3261e;"));
    label->hide();
    return label;
}

// Shows the validator's message under the field; returns whether the value is acceptable.
bool check(QLabel *error, const models::Status &status)
{
    error->setVisible(!status);
    error->setText(status ? QString() : status.error().message);
    return status.ok();
}

} // namespace

ApiEndpointsPage::ApiEndpointsPage(models::PublisherService *publisher, Session *session,
                                   const ConsoleStatus &, QWidget *parent)
    : QWidget(parent)
    , m_publisher(publisher)
    , m_session(session)
    , m_production(new QLineEdit(this))
    , m_sandbox(new QLineEdit(this))
    , m_productionError(errorLabel(QStringLiteral("productionEndpointError"), this))
    , m_sandboxError(errorLabel(QStringLiteral("sandboxEndpointError"), this))
    , m_save(new QPushButton(tr("&Save"), this))
    , m_revert(new QPushButton(tr("&Reset"), this))
    , m_message(new QLabel(this))
{
    setObjectName(QStringLiteral("endpointsPage"));
    m_production->setObjectName(QStringLiteral("productionEndpoint"));
    m_production->setPlaceholderText(QStringLiteral("http://localhost:8080"));
    m_sandbox->setObjectName(QStringLiteral("sandboxEndpoint"));
    m_sandbox->setPlaceholderText(tr("empty: sandbox tokens use the production endpoint"));
    m_save->setObjectName(QStringLiteral("saveEndpointsButton"));
    m_save->setAccessibleName(tr("Save endpoints"));
    m_revert->setObjectName(QStringLiteral("resetEndpointsButton"));
    m_revert->setAccessibleName(tr("Reset endpoints"));
    m_message->setObjectName(QStringLiteral("endpointsMessage"));
    m_message->setWordWrap(true);

    auto *intro = new QLabel(tr("The gateway forwards each stream to the backend endpoint: production "
                                "tokens to the production endpoint, sandbox tokens to the sandbox endpoint."),
                             this);
    intro->setWordWrap(true);

    auto *form = new QFormLayout;
    form->addRow(tr("Prod&uction endpoint:"), m_production);
    form->addRow(QString(), m_productionError);
    auto *productionCheck = new EndpointCheck(m_production, QStringLiteral("productionEndpoint"),
                                              tr("production endpoint"), this);
    form->addRow(QString(), productionCheck);
    form->addRow(tr("Sa&ndbox endpoint:"), m_sandbox);
    form->addRow(QString(), m_sandboxError);
    auto *sandboxCheck =
        new EndpointCheck(m_sandbox, QStringLiteral("sandboxEndpoint"), tr("sandbox endpoint"), this);
    form->addRow(QString(), sandboxCheck);
    m_production->setAccessibleName(tr("Production endpoint"));
    m_sandbox->setAccessibleName(tr("Sandbox endpoint"));

    auto *buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(m_revert);
    buttons->addWidget(m_save);

    // Long URLs fit; a full-screen-wide field would not help reading them.
    auto *column = new QWidget(this);
    column->setMaximumWidth(900);
    auto *columnLayout = new QVBoxLayout(column);
    columnLayout->setContentsMargins(0, 0, 0, 0);
    columnLayout->addWidget(intro);
    columnLayout->addLayout(form);
    columnLayout->addLayout(buttons);
    columnLayout->addWidget(m_message);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(column);
    layout->addStretch();

    setTabOrder(m_production, productionCheck);
    setTabOrder(productionCheck, m_sandbox);
    setTabOrder(m_sandbox, sandboxCheck);
    setTabOrder(sandboxCheck, m_revert);
    setTabOrder(m_revert, m_save);

    connect(m_production, &QLineEdit::textChanged, this, &ApiEndpointsPage::validate);
    connect(m_sandbox, &QLineEdit::textChanged, this, &ApiEndpointsPage::validate);
    connect(m_save, &QPushButton::clicked, this, &ApiEndpointsPage::save);
    connect(m_revert, &QPushButton::clicked, this, [this] {
        m_production->setText(m_savedProduction);
        m_sandbox->setText(m_savedSandbox);
        m_message->clear();
    });
    connect(m_publisher, &models::PublisherService::apiChanged, this, [this](const QString &id) {
        if (id == m_apiId)
            reload();
    });
    connect(m_session, &Session::changed, this, &ApiEndpointsPage::validate);
    validate();
}

void ApiEndpointsPage::setApiId(const QString &apiId)
{
    m_apiId = apiId;
    m_message->clear();
    // A different API: whatever was typed for the previous one does not apply.
    m_production->clear();
    m_sandbox->clear();
    m_savedProduction.clear();
    m_savedSandbox.clear();
    reload();
}

bool ApiEndpointsPage::hasChanges() const
{
    return m_production->text() != m_savedProduction || m_sandbox->text() != m_savedSandbox;
}

void ApiEndpointsPage::reload()
{
    const auto api = m_publisher->api(m_apiId);
    const bool edited = hasChanges();
    m_savedProduction = api ? api->productionEndpoint : QString();
    m_savedSandbox = api ? api->sandboxEndpoint : QString();
    // A change from elsewhere (REST) shows at once unless the user is in the middle of an edit.
    if (!edited) {
        m_production->setText(m_savedProduction);
        m_sandbox->setText(m_savedSandbox);
    }
    validate();
}

void ApiEndpointsPage::validate()
{
    const bool productionOk =
        check(m_productionError, models::Validator::endpoint(QStringLiteral("productionEndpoint"),
                                                             m_production->text().trimmed(), false));
    const bool sandboxOk =
        check(m_sandboxError, models::Validator::endpoint(QStringLiteral("sandboxEndpoint"),
                                                          m_sandbox->text().trimmed(), false));
    const bool canEdit = m_session->has(models::Role::Creator) && m_publisher->api(m_apiId).has_value();
    m_production->setReadOnly(!canEdit);
    m_sandbox->setReadOnly(!canEdit);
    m_save->setEnabled(canEdit && productionOk && sandboxOk && hasChanges());
    m_revert->setEnabled(canEdit && hasChanges());
    if (!m_session->has(models::Role::Creator))
        m_message->setText(tr("Only users with the creator role can change endpoints."));
}

void ApiEndpointsPage::save()
{
    const auto production = m_production->text().trimmed();
    const auto sandbox = m_sandbox->text().trimmed();
    const auto result =
        ApiEdits::update(m_publisher, m_session->user(), m_apiId, [&](models::ApiDraft &draft) {
            draft.productionEndpoint = production;
            draft.sandboxEndpoint = sandbox;
        });
    if (!result) {
        m_message->setText(ServiceErrorText::describe(result.error()));
        return;
    }
    m_production->setText(result->productionEndpoint);
    m_sandbox->setText(result->sandboxEndpoint);
    m_savedProduction = result->productionEndpoint;
    m_savedSandbox = result->sandboxEndpoint;
    validate();
    m_message->setText(tr("Endpoints saved."));
}

} // namespace sd::ui
