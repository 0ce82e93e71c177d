#include "ui/operations/gatewaylogpage.h"

#include "gateway/events/gatewayevent.h"
#include "ui/operations/gatewaylogfilter.h"
#include "ui/operations/gatewaylogmodel.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QTableView>
#include <QVBoxLayout>

namespace sd::ui {

GatewayLogPage::GatewayLogPage(gateway::GatewayEvents *events, QWidget *parent)
    : QWidget(parent)
    , m_model(new GatewayLogModel(events, GatewayLogModel::defaultCapacity, this))
    , m_filter(new GatewayLogFilter(this))
{
    setObjectName(QStringLiteral("gatewayLogPage"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("<h2>Gateway log</h2>"), this));

    auto *bar = new QHBoxLayout;
    auto *levelLabel = new QLabel(tr("&Level:"), this);
    m_level = new QComboBox(this);
    m_level->setObjectName(QStringLiteral("logLevelFilter"));
    m_level->setAccessibleName(tr("Level"));
    m_level->addItem(tr("All levels"));
    for (const auto level : {gateway::GatewayEvent::Level::Info, gateway::GatewayEvent::Level::Warning,
                             gateway::GatewayEvent::Level::Error})
        m_level->addItem(gateway::GatewayEvent::levelName(level), int(level));
    levelLabel->setBuddy(m_level);
    auto *textLabel = new QLabel(tr("Fil&ter:"), this);
    m_text = new QLineEdit(this);
    m_text->setObjectName(QStringLiteral("logTextFilter"));
    m_text->setAccessibleName(tr("Filter log text"));
    m_text->setPlaceholderText(tr("API, client, code or message"));
    m_text->setClearButtonEnabled(true);
    textLabel->setBuddy(m_text);
    m_copy = new QPushButton(tr("&Copy"), this);
    m_copy->setObjectName(QStringLiteral("copyLogButton"));
    m_copy->setAccessibleName(tr("Copy selected log rows"));
    m_copy->setToolTip(tr("Copy the selected rows as text (Ctrl+C)"));
    m_clear = new QPushButton(tr("Cl&ear"), this);
    m_clear->setObjectName(QStringLiteral("clearLogButton"));
    m_clear->setAccessibleName(tr("Clear log"));
    m_clear->setToolTip(tr("Remove every row from the log"));
    bar->addWidget(levelLabel);
    bar->addWidget(m_level);
    bar->addWidget(textLabel);
    bar->addWidget(m_text, 1);
    bar->addWidget(m_copy);
    bar->addWidget(m_clear);
    layout->addLayout(bar);

    m_filter->setSourceModel(m_model);
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("logTable"));
    m_table->setAccessibleName(tr("Gateway log"));
    m_table->setModel(m_filter);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->setVisible(false);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_table->horizontalHeader()->setStretchLastSection(true);
    const int widths[] = {170, 70, 140, 110, 55, 65};
    for (int column = 0; column < GatewayLogModel::Message; ++column)
        m_table->setColumnWidth(column, widths[column]);
    layout->addWidget(m_table, 1);

    m_count = new QLabel(this);
    m_count->setObjectName(QStringLiteral("logCount"));
    layout->addWidget(m_count);

    auto *copyAction = new QAction(tr("Copy"), this);
    copyAction->setShortcut(QKeySequence::Copy);
    copyAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_table->addAction(copyAction);

    setTabOrder(m_level, m_text);
    setTabOrder(m_text, m_copy);
    setTabOrder(m_copy, m_clear);
    setTabOrder(m_clear, m_table);

    connect(m_level, &QComboBox::currentIndexChanged, this, [this] {
        const auto level = m_level->currentData();
        m_filter->setLevel(level.isValid() ? std::optional(gateway::GatewayEvent::Level(level.toInt()))
                                           : std::nullopt);
        updateState();
    });
    connect(m_text, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_filter->setText(text);
        updateState();
    });
    connect(m_copy, &QPushButton::clicked, this, &GatewayLogPage::copySelection);
    connect(copyAction, &QAction::triggered, this, &GatewayLogPage::copySelection);
    connect(m_clear, &QPushButton::clicked, m_model, &GatewayLogModel::clear);
    connect(m_model, &QAbstractItemModel::rowsAboutToBeInserted, this,
            &GatewayLogPage::onRowsAboutToBeInserted);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &GatewayLogPage::onRowsInserted);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &GatewayLogPage::updateState);
    connect(m_model, &QAbstractItemModel::modelReset, this, &GatewayLogPage::updateState);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &GatewayLogPage::updateState);
    updateState();
}

void GatewayLogPage::copySelection()
{
    auto rows = m_table->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return;
    std::sort(rows.begin(), rows.end(), [](const auto &a, const auto &b) { return a.row() < b.row(); });
    QStringList lines;
    for (const auto &index : std::as_const(rows))
        lines << m_model->rowText(m_filter->mapToSource(index).row());
    QApplication::clipboard()->setText(lines.join(u'\n') + u'\n');
}

void GatewayLogPage::onRowsAboutToBeInserted()
{
    // Follow new rows only when the reader is already at the bottom, as a terminal does.
    const auto *bar = m_table->verticalScrollBar();
    m_followTail = bar->value() >= bar->maximum();
}

void GatewayLogPage::onRowsInserted()
{
    if (m_followTail)
        m_table->scrollToBottom();
    updateState();
}

void GatewayLogPage::updateState()
{
    const bool selected = m_table->selectionModel()->hasSelection();
    m_copy->setEnabled(selected);
    m_clear->setEnabled(m_model->rowCount() > 0);
    const int rows = m_model->rowCount();
    const auto total = rows == 1 ? tr("1 row") : tr("%1 rows").arg(rows);
    m_count->setText(
        m_filter->rowCount() == rows ? total : tr("%1 of %2 shown").arg(m_filter->rowCount()).arg(total));
}

} // namespace sd::ui
