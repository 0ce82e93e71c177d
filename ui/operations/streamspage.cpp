#include "ui/operations/streamspage.h"

#include "gateway/relay/streammonitor.h"
#include "ui/common/messagebox.h"
#include "ui/common/session.h"
#include "ui/operations/streamtablemodel.h"

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QStackedWidget>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace sd::ui {

StreamsPage::StreamsPage(gateway::StreamMonitor *monitor, Session *session, QWidget *parent)
    : QWidget(parent)
    , m_monitor(monitor)
    , m_session(session)
    , m_model(new StreamTableModel(monitor, this))
    , m_proxy(new QSortFilterProxyModel(this))
{
    setObjectName(QStringLiteral("streamsPage"));
    auto *layout = new QVBoxLayout(this);
    auto *heading = new QLabel(tr("<h2>Streams</h2>"), this);
    layout->addWidget(heading);

    auto *bar = new QHBoxLayout;
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("streamsSummary"));
    bar->addWidget(m_summary, 1);
    m_closeButton = new QPushButton(tr("&Close Stream"), this);
    m_closeButton->setObjectName(QStringLiteral("closeStreamButton"));
    m_closeButton->setAccessibleName(tr("Close Stream"));
    m_closeButton->setToolTip(tr("End the selected stream; its client sees the stream end (Delete)"));
    bar->addWidget(m_closeButton);
    layout->addLayout(bar);

    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(StreamTableModel::SortRole);

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("streamsTable"));
    m_table->setAccessibleName(tr("Open streams"));
    m_table->setModel(m_proxy);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(StreamTableModel::Duration, Qt::DescendingOrder);
    m_table->setAlternatingRowColors(true);
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    // A live table: fixed row heights and column widths, never sized to contents.
    m_table->verticalHeader()->setVisible(false);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 10);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_table->horizontalHeader()->setStretchLastSection(true);
    const int widths[] = {150, 150, 100, 130, 110, 100, 80, 80};
    for (int column = 0; column < StreamTableModel::ColumnCount; ++column)
        m_table->setColumnWidth(column, widths[column]);

    m_closeAction = new QAction(tr("Close Stream"), this);
    m_closeAction->setShortcut(QKeySequence::Delete);
    m_closeAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_table->addAction(m_closeAction);

    m_empty = new QLabel(tr("No stream is open. Streams appear here while clients are connected to the "
                            "gateway; try the curl command on an API's Overview page."),
                         this);
    m_empty->setObjectName(QStringLiteral("streamsEmptyState"));
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);

    m_stack = new QStackedWidget(this);
    m_stack->addWidget(m_table);
    m_stack->addWidget(m_empty);
    layout->addWidget(m_stack, 1);

    connect(m_closeButton, &QPushButton::clicked, this, &StreamsPage::closeSelectedStream);
    connect(m_closeAction, &QAction::triggered, this, &StreamsPage::closeSelectedStream);
    connect(m_table, &QTableView::customContextMenuRequested, this, &StreamsPage::showContextMenu);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &StreamsPage::updateState);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &StreamsPage::updateState);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &StreamsPage::updateState);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &StreamsPage::updateState);
    connect(m_session, &Session::changed, this, &StreamsPage::updateState);

    m_durationTimer = new QTimer(this);
    m_durationTimer->setInterval(1000);
    connect(m_durationTimer, &QTimer::timeout, m_model, &StreamTableModel::refreshDurations);
    m_durationTimer->start();
    updateState();
}

quint64 StreamsPage::selectedStream() const
{
    const auto rows = m_table->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return 0;
    return rows.constFirst().data(StreamTableModel::StreamIdRole).toULongLong();
}

void StreamsPage::closeSelectedStream()
{
    const auto id = selectedStream();
    const int row = m_model->rowOf(id);
    if (row < 0 || !m_session->has(models::Role::Publisher))
        return;
    const auto info = m_model->streamAt(row);
    const auto application =
        info.applicationName.isEmpty() ? tr("(none, prototype API)") : info.applicationName;
    const auto question =
        tr("Close the stream of API %1 to application %2 (client %3)?\n\nThe client sees the stream end; "
           "it may reconnect.")
            .arg(info.apiName, application, info.client);
    if (MessageBox::question(this, tr("Close Stream"), question) != QMessageBox::Yes)
        return;
    // The stream may have ended while the question was open; closing an ended stream does nothing.
    m_monitor->requestClose(id, tr("closed from the console by %1").arg(m_session->user().name));
}

void StreamsPage::showContextMenu(const QPoint &position)
{
    if (!m_table->indexAt(position).isValid() || !m_closeAction->isEnabled())
        return;
    QMenu menu(this);
    menu.addAction(m_closeAction);
    menu.exec(m_table->viewport()->mapToGlobal(position));
}

void StreamsPage::updateState()
{
    const int open = m_model->rowCount();
    m_stack->setCurrentWidget(open > 0 ? static_cast<QWidget *>(m_table) : m_empty);
    double rate = 0.0;
    for (int row = 0; row < open; ++row)
        rate += m_model->streamAt(row).eventsPerSecond;
    const auto rateText = QLocale().toString(rate, 'f', 1);
    m_summary->setText(open == 1 ? tr("1 open stream, %1 events/s").arg(rateText)
                                 : tr("%1 open streams, %2 events/s").arg(open).arg(rateText));
    const bool allowed = m_session->has(models::Role::Publisher);
    m_closeButton->setVisible(allowed);
    const bool enabled = allowed && selectedStream() != 0;
    m_closeButton->setEnabled(enabled);
    m_closeAction->setEnabled(enabled);
}

} // namespace sd::ui
