#include "ui/publisher/apidefinitionpage.h"

#include "gateway/rest/asyncapidocument.h"
#include "ui/common/filechooser.h"
#include "ui/common/serviceerrortext.h"
#include "ui/common/session.h"
#include "ui/publisher/apidefinitiontext.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QVBoxLayout>

namespace sd::ui {

namespace {

const QString jsonFilter = QStringLiteral("AsyncAPI JSON (*.json);;All files (*)");

} // namespace

ApiDefinitionPage::ApiDefinitionPage(models::PublisherService *publisher, Session *session,
                                     const ConsoleStatus &status, QWidget *parent)
    : QWidget(parent)
    , m_publisher(publisher)
    , m_session(session)
    , m_status(status)
    , m_text(new QPlainTextEdit(this))
    , m_export(new QPushButton(tr("E&xport to File..."), this))
    , m_import(new QPushButton(tr("&Import a Definition to Create an API..."), this))
    , m_message(new QLabel(this))
{
    setObjectName(QStringLiteral("definitionPage"));
    auto *intro = new QLabel(tr("The AsyncAPI 2.6 definition of this API, with the gateway URLs clients "
                                "connect to. Tools such as AsyncAPI Studio read it as it is."),
                             this);
    intro->setWordWrap(true);
    m_text->setObjectName(QStringLiteral("definitionText"));
    m_text->setAccessibleName(tr("AsyncAPI definition"));
    m_text->setReadOnly(true);
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_export->setObjectName(QStringLiteral("exportDefinitionButton"));
    m_export->setAccessibleName(tr("Export definition to a file"));
    m_import->setObjectName(QStringLiteral("importDefinitionButton"));
    m_import->setAccessibleName(tr("Import a definition to create an API"));
    m_message->setObjectName(QStringLiteral("definitionMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_export);
    buttons->addStretch();
    buttons->addWidget(m_import);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_text, 1);
    layout->addLayout(buttons);
    layout->addWidget(m_message);

    setTabOrder(m_text, m_export);
    setTabOrder(m_export, m_import);

    connect(m_export, &QPushButton::clicked, this, &ApiDefinitionPage::exportDefinition);
    connect(m_import, &QPushButton::clicked, this, &ApiDefinitionPage::importDefinition);
    const auto follow = [this](const QString &id) {
        if (id == m_apiId)
            reload();
    };
    connect(m_publisher, &models::PublisherService::apiChanged, this, follow);
    // The servers follow the deployed vhost.
    connect(m_publisher, &models::PublisherService::deploymentsChanged, this, follow);
    connect(m_session, &Session::changed, this, &ApiDefinitionPage::reload);
    reload();
}

void ApiDefinitionPage::setApiId(const QString &apiId)
{
    m_apiId = apiId;
    m_message->clear();
    reload();
}

void ApiDefinitionPage::reload()
{
    const auto api = m_publisher->api(m_apiId);
    m_export->setEnabled(api.has_value());
    m_import->setVisible(m_session->has(models::Role::Creator));
    if (!api) {
        m_text->setPlainText(m_apiId.isEmpty() ? QString() : tr("This API no longer exists."));
        return;
    }
    m_text->setPlainText(ApiDefinitionText::of(m_publisher, *api, m_status));
}

void ApiDefinitionPage::exportDefinition()
{
    const auto api = m_publisher->api(m_apiId);
    if (!api)
        return;
    const auto suggested =
        QStringLiteral("%1-%2-asyncapi.json").arg(api->name, api->version).replace(u' ', u'_');
    const auto path =
        FileChooser::saveFileName(this, tr("Export AsyncAPI Definition"), suggested, jsonFilter);
    if (path.isEmpty())
        return;
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(m_text->toPlainText().toUtf8()) < 0 ||
        !file.commit()) {
        m_message->setText(tr("The definition could not be written to %1 (%2). Choose a folder you can write "
                              "to and try again.")
                               .arg(QDir::toNativeSeparators(path), file.errorString()));
        return;
    }
    m_message->setText(tr("Definition exported to %1.").arg(QDir::toNativeSeparators(path)));
}

void ApiDefinitionPage::importDefinition()
{
    const auto path = FileChooser::openFileName(this, tr("Import AsyncAPI Definition"), jsonFilter);
    if (path.isEmpty())
        return;
    const auto name = QFileInfo(path).fileName();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        m_message->setText(tr("%1 could not be opened (%2). Check the file and try again.")
                               .arg(QDir::toNativeSeparators(path), file.errorString()));
        return;
    }
    const auto draft = gateway::AsyncApiDocument::parse(file.readAll());
    if (!draft) {
        m_message->setText(tr("%1 is not an AsyncAPI definition StreamDesk can import: %2 Choose an AsyncAPI "
                              "2.x JSON file, such as one exported here.")
                               .arg(name, draft.error().message));
        return;
    }
    const auto api = m_publisher->createApi(m_session->user(), draft.value());
    if (!api) {
        const auto &error = api.error();
        const auto where =
            error.field.isEmpty()
                ? QString()
                : tr(" (document field %1)")
                      .arg(gateway::AsyncApiDocument::fieldNames().value(error.field, error.field));
        m_message->setText(
            tr("No API was created from %1%2: %3").arg(name, where, ServiceErrorText::describe(error)));
        return;
    }
    m_message->setText(
        tr("Created the API %1 %2 (context %3) from %4.").arg(api->name, api->version, api->context, name));
    Q_EMIT apiImported(api->id);
}

} // namespace sd::ui
