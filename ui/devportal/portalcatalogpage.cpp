#include "ui/devportal/portalcatalogpage.h"

#include "ui/common/messagelabel.h"
#include "ui/common/pagecontrols.h"
#include "ui/common/session.h"
#include "ui/devportal/portalapilistmodel.h"

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

PortalCatalogPage::PortalCatalogPage(const models::DevPortalService *portal,
                                     const models::PublisherService *publisher, Session *session,
                                     QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_model(new PortalApiListModel(portal, publisher, this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_search(new QLineEdit(this))
    , m_open(
          PageControls::button(tr("&Open API"), QStringLiteral("openPortalApiButton"), tr("Open API"), this))
    , m_roleNote(new QLabel(this))
    , m_notice(new MessageLabel(QStringLiteral("portalCatalogNotice"), MessageLabel::Kind::Warning, this))
    , m_noMatch(new QLabel(this))
    , m_stack(new QStackedWidget(this))
    , m_table(new QTableView(m_stack))
    , m_empty(new QLabel(m_stack))
{
    setObjectName(QStringLiteral("portalCatalogPage"));
    auto *title = new QLabel(tr("<h2>Developer Portal</h2>"), this);
    auto *intro = new QLabel(tr("The streaming APIs you can subscribe to. Open one to see its gateway URLs, "
                                "business plans and definition, to subscribe an application and to try it."),
                             this);
    intro->setWordWrap(true);

    auto *searchLabel = new QLabel(tr("&Search:"), this);
    searchLabel->setBuddy(m_search);
    m_search->setObjectName(QStringLiteral("portalApiSearch"));
    m_search->setPlaceholderText(tr("Name, context or words of the description"));
    m_search->setAccessibleName(tr("Search APIs"));
    m_search->setClearButtonEnabled(true);
    for (auto *button : m_search->findChildren<QToolButton *>())
        button->setAccessibleName(tr("Clear search"));

    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterKeyColumn(0);
    m_proxy->setFilterRole(PortalApiListModel::SearchTextRole);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setSortCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setDynamicSortFilter(true);

    m_table->setObjectName(QStringLiteral("portalApiTable"));
    m_table->setAccessibleName(tr("APIs in the Developer Portal"));
    m_table->setModel(m_proxy);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(PortalApiListModel::Name, Qt::AscendingOrder);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->resizeSection(PortalApiListModel::Name, 200);
    m_table->horizontalHeader()->resizeSection(PortalApiListModel::Context, 160);
    m_table->horizontalHeader()->resizeSection(PortalApiListModel::Plans, 200);
    m_table->setTabKeyNavigation(false);

    m_empty->setObjectName(QStringLiteral("portalCatalogEmpty"));
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_empty->setText(tr("<h3>No APIs in the portal yet</h3><p>An API appears here as soon as a publisher "
                        "publishes it (Publisher, the API's Lifecycle tab, Publish) or deploys it as a "
                        "prototype. To be called it must also be deployed to the gateway (its Deployments "
                        "tab).</p>"));
    m_empty->setFocusPolicy(Qt::StrongFocus);
    m_empty->setTextInteractionFlags(Qt::TextSelectableByKeyboard | Qt::TextSelectableByMouse);
    m_stack->addWidget(m_table);
    m_stack->addWidget(m_empty);

    m_roleNote->setObjectName(QStringLiteral("portalRoleNote"));
    m_roleNote->setWordWrap(true);
    m_noMatch->setObjectName(QStringLiteral("portalSearchNoMatch"));
    m_noMatch->hide();

    auto *searchRow = new QHBoxLayout;
    searchRow->addWidget(searchLabel);
    searchRow->addWidget(m_search, 1);
    searchRow->addWidget(m_open);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(title);
    layout->addWidget(intro);
    layout->addWidget(m_roleNote);
    layout->addWidget(m_notice);
    layout->addLayout(searchRow);
    layout->addWidget(m_noMatch);
    layout->addWidget(m_stack, 1);
    setTabOrder(m_search, m_open);
    setTabOrder(m_open, m_table);
    setTabOrder(m_table, m_empty);

    connect(m_search, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);
    connect(m_search, &QLineEdit::textChanged, this, &PortalCatalogPage::updateView);
    // Enter in the search field opens the one match, or the selected API.
    connect(m_search, &QLineEdit::returnPressed, this, &PortalCatalogPage::openCurrent);
    connect(m_open, &QPushButton::clicked, this, &PortalCatalogPage::openCurrent);
    connect(m_table, &QTableView::activated, this, [this](const QModelIndex &index) {
        const auto id = index.data(PortalApiListModel::ApiIdRole).toString();
        if (!id.isEmpty())
            Q_EMIT openRequested(id);
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &PortalCatalogPage::updateView);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &PortalCatalogPage::updateView);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &PortalCatalogPage::updateView);
    connect(m_model, &QAbstractItemModel::modelReset, this, &PortalCatalogPage::updateView);
    connect(m_session, &Session::changed, this, &PortalCatalogPage::updateView);
    updateView();
}

void PortalCatalogPage::focusList()
{
    if (m_stack->currentWidget() == m_table)
        m_table->setFocus();
    else
        m_search->setFocus();
}

void PortalCatalogPage::showNotice(const QString &text)
{
    m_notice->showMessage(text);
}

void PortalCatalogPage::updateView()
{
    const bool empty = m_model->rowCount() == 0;
    m_stack->setCurrentWidget(empty ? static_cast<QWidget *>(m_empty) : m_table);
    m_search->setEnabled(!empty);
    const bool noMatch = !empty && m_proxy->rowCount() == 0;
    m_noMatch->setVisible(noMatch);
    if (noMatch)
        m_noMatch->setText(tr("No API matches \"%1\". Search looks at names, contexts and descriptions.")
                               .arg(m_search->text()));
    if (m_proxy->rowCount() > 0 && !m_table->currentIndex().isValid())
        m_table->setCurrentIndex(m_proxy->index(0, 0));
    m_open->setEnabled(m_table->currentIndex().isValid());

    const bool subscriber = m_session->has(models::Role::Subscriber);
    m_roleNote->setVisible(m_session->isSignedIn() && !subscriber);
    m_roleNote->setText(tr("You can browse the APIs. Subscribing an application and generating keys needs "
                           "the subscriber role: sign in as a subscriber, or ask an administrator."));
}

void PortalCatalogPage::openCurrent()
{
    auto current = m_table->currentIndex();
    if (!current.isValid() && m_proxy->rowCount() > 0)
        current = m_proxy->index(0, 0);
    const auto id = current.data(PortalApiListModel::ApiIdRole).toString();
    if (!id.isEmpty())
        Q_EMIT openRequested(id);
}

} // namespace sd::ui
