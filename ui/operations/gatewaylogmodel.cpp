#include "ui/operations/gatewaylogmodel.h"

#include "gateway/events/gatewayevents.h"

#include <QBrush>
#include <QPalette>

namespace sd::ui {

GatewayLogModel::GatewayLogModel(gateway::GatewayEvents *events, int capacity, QObject *parent)
    : QAbstractTableModel(parent)
    , m_capacity(qMax(1, capacity))
{
    m_batchTimer.setSingleShot(true);
    m_batchTimer.setInterval(50);
    connect(&m_batchTimer, &QTimer::timeout, this, &GatewayLogModel::flush);
    if (events)
        connect(events, &gateway::GatewayEvents::reported, this, &GatewayLogModel::add);
}

int GatewayLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int GatewayLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString GatewayLogModel::cellText(const gateway::GatewayEvent &e, int column) const
{
    switch (column) {
    case Time:
        return e.time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
    case Level:
        return gateway::GatewayEvent::levelName(e.level);
    case Api:
        return e.apiName.isEmpty() ? e.path : e.apiName;
    case Client:
        return e.client;
    case Status:
        return e.httpStatus > 0 ? QString::number(e.httpStatus) : QString();
    case Code:
        return e.code;
    case Message:
        switch (e.kind) {
        case gateway::GatewayEvent::Kind::StreamOpened:
            return tr("Stream %1 opened: %2 %3").arg(e.streamId).arg(e.method, e.path);
        case gateway::GatewayEvent::Kind::StreamClosed:
            return tr("Stream %1 closed: %2").arg(e.streamId).arg(e.message);
        case gateway::GatewayEvent::Kind::Refused:
        case gateway::GatewayEvent::Kind::BackendFailed:
            return tr("%1 %2 refused: %3").arg(e.method, e.path, e.message);
        }
        return e.message;
    default:
        return {};
    }
}

QVariant GatewayLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const auto &e = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return cellText(e, index.column());
    case Qt::ToolTipRole:
        return index.column() == Api ? e.path : cellText(e, index.column());
    case LevelRole:
        return int(e.level);
    case Qt::ForegroundRole:
        if (e.level == gateway::GatewayEvent::Level::Error)
            return QBrush(Qt::darkRed);
        if (e.level == gateway::GatewayEvent::Level::Warning)
            return QBrush(QColor(0x8a, 0x5a, 0x00));
        return {};
    default:
        return {};
    }
}

QVariant GatewayLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Time:
        return tr("Time");
    case Level:
        return tr("Level");
    case Api:
        return tr("API");
    case Client:
        return tr("Client");
    case Status:
        return tr("Status");
    case Code:
        return tr("Code");
    case Message:
        return tr("Message");
    default:
        return {};
    }
}

void GatewayLogModel::add(const gateway::GatewayEvent &event)
{
    m_pending.append(event);
    if (!m_batchTimer.isActive())
        m_batchTimer.start();
}

void GatewayLogModel::flush()
{
    m_batchTimer.stop();
    if (m_pending.isEmpty())
        return;
    // More than fit: only the newest can stay.
    if (m_pending.size() > m_capacity)
        m_pending.remove(0, m_pending.size() - m_capacity);
    const auto overflow = int(m_rows.size() + m_pending.size()) - m_capacity;
    if (overflow > 0) {
        beginRemoveRows({}, 0, overflow - 1);
        m_rows.remove(0, overflow);
        endRemoveRows();
    }
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(m_pending.size()) - 1);
    m_rows += m_pending;
    endInsertRows();
    m_pending.clear();
}

void GatewayLogModel::clear()
{
    m_batchTimer.stop();
    beginResetModel();
    m_rows.clear();
    m_pending.clear();
    endResetModel();
}

QString GatewayLogModel::rowText(int row) const
{
    QStringList cells;
    for (int column = 0; column < ColumnCount; ++column)
        cells << cellText(m_rows.at(row), column);
    return cells.join(u'\t');
}

} // namespace sd::ui
