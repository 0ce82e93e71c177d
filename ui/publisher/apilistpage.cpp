#include "ui/publisher/apilistpage.h"

#include "ui/common/session.h"
#include "ui/publisher/apilistmodel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QStackedWidget>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace sd::ui {

ApiListPage::ApiListPage(models::PublisherService *publisher, Session *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_model(new ApiListModel(publisher, this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_search(new QLineEdit(this))
    , m_create(new QPushButton(tr("&Create API"), this))
    , m_stack(new QStackedWidget(this))
    , m_table(new QTableView(m_stack))
    , m_empty(new QWidget(m_stack))
    , m_emptyText(new QLabel(m_empty))
    , m_createFirst(new QPushButton(tr("Create your first &API"), m_empty))
    , m_noMatch(new QLabel(this))
{
    setObjectName(QStringLiteral("publisherPage"));
    auto *title = new QLabel(tr("<h2>APIs</h2>"), this);

    m_search->setObjectName(QStringLiteral("apiSearch"));
    m_search->setPlaceholderText(tr("Search APIs by name, version, context or state"));
    m_search->setAccessibleName(tr("Search APIs"));
    m_search->setClearButtonEnabled(true);
    for (auto *button : m_search->findChildren<QToolButton *>())
        button->setAccessibleName(tr("Clear search"));
    m_create->setObjectName(QStringLiteral("createApiButton"));
    m_create->setToolTip(tr("Create an SSE API"));

    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setSortCaseSensitivity(Qt::CaseInsensitive);

    m_table->setObjectName(QStringLiteral("apiTable"));
    m_table->setAccessibleName(tr("APIs"));
    m_table->setModel(m_proxy);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(ApiListModel::Name, Qt::AscendingOrder);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->resizeSection(ApiListModel::Name, 260);
    m_table->horizontalHeader()->resizeSection(ApiListModel::Context, 220);
    m_table->setTabKeyNavigation(false);

    m_empty->setObjectName(QStringLiteral("apiListEmptyState"));
    m_emptyText->setObjectName(QStringLiteral("apiListEmptyText"));
    m_emptyText->setAlignment(Qt::AlignCenter);
    m_emptyText->setWordWrap(true);
    m_createFirst->setObjectName(QStringLiteral("createFirstApiButton"));
    auto *emptyLayout = new QVBoxLayout(m_empty);
    emptyLayout->addStretch();
    emptyLayout->addWidget(m_emptyText);
    emptyLayout->addWidget(m_createFirst, 0, Qt::AlignHCenter);
    emptyLayout->addStretch();
    m_stack->addWidget(m_table);
    m_stack->addWidget(m_empty);

    m_noMatch->setObjectName(QStringLiteral("apiSearchNoMatch"));
    m_noMatch->hide();

    auto *top = new QHBoxLayout;
    top->addWidget(title);
    top->addStretch();
    top->addWidget(m_create);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_search);
    layout->addWidget(m_noMatch);
    layout->addWidget(m_stack, 1);
    setTabOrder(m_create, m_search);
    setTabOrder(m_search, m_table);
    setTabOrder(m_table, m_createFirst);

    connect(m_search, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);
    connect(m_search, &QLineEdit::textChanged, this, &ApiListPage::updateView);
    connect(m_create, &QPushButton::clicked, this, &ApiListPage::createRequested);
    connect(m_createFirst, &QPushButton::clicked, this, &ApiListPage::createRequested);
    connect(m_table, &QTableView::activated, this, &ApiListPage::openIndex);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &ApiListPage::updateView);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &ApiListPage::updateView);
    connect(m_model, &QAbstractItemModel::modelReset, this, &ApiListPage::updateView);
    connect(m_session, &Session::changed, this, &ApiListPage::updateView);
    updateView();
}

void ApiListPage::updateView()
{
    const bool canCreate = m_session->has(models::Role::Creator);
    m_create->setVisible(canCreate);
    m_createFirst->setVisible(canCreate);
    const bool empty = m_model->rowCount() == 0;
    m_emptyText->setText(canCreate ? tr("<h3>No APIs yet</h3><p>Create your first SSE API: give it a name, a "
                                        "context and the URL of the backend that streams the events.</p>")
                                   : tr("<h3>No APIs yet</h3><p>A user with the creator role creates "
                                        "APIs; they appear here.</p>"));
    m_stack->setCurrentWidget(empty ? m_empty : m_table);
    m_search->setEnabled(!empty);
    const bool noMatch = !empty && m_proxy->rowCount() == 0;
    m_noMatch->setVisible(noMatch);
    if (noMatch)
        m_noMatch->setText(tr("No API matches \"%1\".").arg(m_search->text()));
    if (!empty && !m_table->currentIndex().isValid() && m_proxy->rowCount() > 0)
        m_table->setCurrentIndex(m_proxy->index(0, 0));
}

void ApiListPage::openIndex(const QModelIndex &proxyIndex)
{
    const auto id = proxyIndex.data(ApiListModel::ApiIdRole).toString();
    if (!id.isEmpty())
        Q_EMIT openRequested(id);
}

} // namespace sd::ui
