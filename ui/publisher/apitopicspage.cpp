#include "ui/publisher/apitopicspage.h"

#include "ui/common/serviceerrortext.h"
#include "ui/common/session.h"
#include "ui/publisher/apiedits.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>

namespace sd::ui {

namespace {

// WSO2 shows the SUBSCRIBE verb of streaming topics as SUB.
QString verbLabel(const QString &verb)
{
    return verb == u"SUBSCRIBE" ? QStringLiteral("SUB") : verb;
}

} // namespace

ApiTopicsPage::ApiTopicsPage(models::PublisherService *publisher, Session *session, const ConsoleStatus &,
                             QWidget *parent)
    : QWidget(parent)
    , m_publisher(publisher)
    , m_session(session)
    , m_model(new QStandardItemModel(0, 2, this))
    , m_table(new QTableView(this))
    , m_newTopic(new QLineEdit(this))
    , m_add(new QPushButton(tr("Add Top&ic"), this))
    , m_remove(new QPushButton(tr("&Remove Topic"), this))
    , m_message(new QLabel(this))
{
    setObjectName(QStringLiteral("topicsPage"));
    m_model->setHorizontalHeaderLabels({tr("Topic"), tr("Type")});

    auto *intro = new QLabel(tr("Clients subscribe to a topic under the API's context. An SSE API usually "
                                "has the single topic /*, which passes every path to the endpoint."),
                             this);
    intro->setWordWrap(true);

    m_table->setObjectName(QStringLiteral("topicsTable"));
    m_table->setAccessibleName(tr("Topics"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setColumnWidth(0, 320);

    m_newTopic->setObjectName(QStringLiteral("newTopic"));
    m_newTopic->setPlaceholderText(tr("for example /memory"));
    m_add->setObjectName(QStringLiteral("addTopicButton"));
    m_add->setAccessibleName(tr("Add Topic"));
    m_remove->setObjectName(QStringLiteral("removeTopicButton"));
    m_remove->setAccessibleName(tr("Remove Topic"));
    m_message->setObjectName(QStringLiteral("topicsMessage"));
    m_message->setWordWrap(true);

    auto *newTopicLabel = new QLabel(tr("&New topic:"), this);
    newTopicLabel->setBuddy(m_newTopic);
    m_newTopic->setAccessibleName(tr("New topic"));
    m_newTopic->setMaximumWidth(420);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(newTopicLabel);
    buttons->addWidget(m_newTopic, 1);
    buttons->addWidget(m_add);
    buttons->addSpacing(24);
    buttons->addWidget(m_remove);
    buttons->addStretch();

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_table, 1);
    layout->addLayout(buttons);
    layout->addWidget(m_message);

    setTabOrder(m_table, m_newTopic);
    setTabOrder(m_newTopic, m_add);
    setTabOrder(m_add, m_remove);

    connect(m_add, &QPushButton::clicked, this, &ApiTopicsPage::addTopic);
    connect(m_newTopic, &QLineEdit::returnPressed, this, &ApiTopicsPage::addTopic);
    connect(m_newTopic, &QLineEdit::textChanged, this, &ApiTopicsPage::updateControls);
    connect(m_remove, &QPushButton::clicked, this, &ApiTopicsPage::removeTopic);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &ApiTopicsPage::updateControls);
    connect(m_publisher, &models::PublisherService::apiChanged, this, [this](const QString &id) {
        if (id == m_apiId)
            reload();
    });
    connect(m_session, &Session::changed, this, &ApiTopicsPage::updateControls);
    updateControls();
}

void ApiTopicsPage::setApiId(const QString &apiId)
{
    m_apiId = apiId;
    m_message->clear();
    reload();
}

void ApiTopicsPage::reload()
{
    const auto api = m_publisher->api(m_apiId);
    m_topics = api ? api->topics : QList<models::Topic>{};
    const auto selected = m_table->currentIndex().row();
    m_model->setRowCount(0);
    for (const auto &topic : std::as_const(m_topics)) {
        auto *target = new QStandardItem(topic.target);
        auto *verb = new QStandardItem(verbLabel(topic.verb));
        verb->setToolTip(topic.verb);
        m_model->appendRow({target, verb});
    }
    if (selected >= 0 && selected < m_model->rowCount())
        m_table->selectRow(selected);
    updateControls();
}

void ApiTopicsPage::updateControls()
{
    const bool canEdit = m_session->has(models::Role::Creator) && m_publisher->api(m_apiId).has_value();
    m_newTopic->setEnabled(canEdit);
    m_add->setEnabled(canEdit && !m_newTopic->text().trimmed().isEmpty());
    m_remove->setEnabled(canEdit && m_table->selectionModel()->hasSelection());
    if (!m_session->has(models::Role::Creator))
        m_message->setText(tr("Only users with the creator role can change topics."));
}

void ApiTopicsPage::addTopic()
{
    if (!m_add->isEnabled())
        return;
    auto topics = m_topics;
    topics.append(models::Topic{m_newTopic->text().trimmed(), QStringLiteral("SUBSCRIBE")});
    save(topics);
}

void ApiTopicsPage::removeTopic()
{
    const auto row = m_table->currentIndex().row();
    if (row < 0 || row >= m_topics.size())
        return;
    auto topics = m_topics;
    topics.removeAt(row);
    save(topics);
}

void ApiTopicsPage::save(const QList<models::Topic> &topics)
{
    const auto result = ApiEdits::update(m_publisher, m_session->user(), m_apiId,
                                         [&](models::ApiDraft &draft) { draft.topics = topics; });
    if (!result) {
        m_message->setText(ServiceErrorText::describe(result.error()));
        return;
    }
    m_newTopic->clear();
    m_message->setText(tr("Topics saved."));
}

} // namespace sd::ui
