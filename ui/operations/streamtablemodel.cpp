#include "ui/operations/streamtablemodel.h"

#include <QDateTime>
#include <QLocale>
#include <limits>

namespace sd::ui {

namespace {

QString durationText(qint64 secs)
{
    return QStringLiteral("%1:%2:%3")
        .arg(secs / 3600)
        .arg(secs / 60 % 60, 2, 10, QLatin1Char('0'))
        .arg(secs % 60, 2, 10, QLatin1Char('0'));
}

} // namespace

StreamTableModel::StreamTableModel(gateway::StreamMonitor *monitor, QObject *parent)
    : QAbstractTableModel(parent)
{
    auto open = monitor->openStreams();
    std::sort(open.begin(), open.end(), [](const auto &a, const auto &b) { return a.id < b.id; });
    m_rows = open;
    reindex(0);
    connect(monitor, &gateway::StreamMonitor::streamsChanged, this, &StreamTableModel::apply);
}

int StreamTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int StreamTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant StreamTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const auto &s = m_rows.at(index.row());
    if (role == StreamIdRole)
        return s.id;
    const auto seconds =
        s.openedAt.isValid() ? qMax<qint64>(0, s.openedAt.secsTo(QDateTime::currentDateTimeUtc())) : 0;
    if (role == SortRole) {
        switch (index.column()) {
        case Events:
            return s.events;
        case QuotaLeft:
            return s.quotaLeft < 0 ? std::numeric_limits<qint64>::max() : s.quotaLeft;
        case EventsPerSecond:
            return s.eventsPerSecond;
        case Duration:
            return seconds;
        default:
            return data(index, Qt::DisplayRole);
        }
    }
    if (role == Qt::TextAlignmentRole) {
        const bool number = index.column() >= Events;
        return QVariant::fromValue(Qt::AlignVCenter | (number ? Qt::AlignRight : Qt::AlignLeft));
    }
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (index.column()) {
    case Api:
        return role == Qt::ToolTipRole ? s.path : s.apiName;
    case Application:
        return s.applicationName.isEmpty() ? tr("(prototype, no application)") : s.applicationName;
    case KeyType:
        return models::KeySet::keyTypeName(s.keyType);
    case Client:
        return s.client;
    case Events:
        return QLocale().toString(s.events);
    case QuotaLeft:
        return s.quotaLeft < 0 ? tr("Unlimited") : QLocale().toString(s.quotaLeft);
    case EventsPerSecond:
        return QLocale().toString(s.eventsPerSecond, 'f', 1);
    case Duration:
        return durationText(seconds);
    default:
        return {};
    }
}

QVariant StreamTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Api:
        return tr("API");
    case Application:
        return tr("Application");
    case KeyType:
        return tr("Key type");
    case Client:
        return tr("Client address");
    case Events:
        return tr("Events delivered");
    case QuotaLeft:
        return tr("Quota left");
    case EventsPerSecond:
        return tr("Events/s");
    case Duration:
        return tr("Duration");
    default:
        return {};
    }
}

void StreamTableModel::apply(const QList<gateway::StreamInfo> &changes)
{
    QList<int> closedRows;
    QList<gateway::StreamInfo> added;
    int firstChanged = -1;
    int lastChanged = -1;
    for (const auto &change : changes) {
        const auto row = rowOf(change.id);
        if (!change.open) {
            if (row >= 0)
                closedRows << row;
        } else if (row >= 0) {
            m_rows[row] = change;
            firstChanged = firstChanged < 0 ? row : qMin(firstChanged, row);
            lastChanged = qMax(lastChanged, row);
        } else {
            added << change;
        }
    }
    if (firstChanged >= 0)
        Q_EMIT dataChanged(index(firstChanged, 0), index(lastChanged, ColumnCount - 1));
    // From the bottom up, so that the rows still to remove keep their numbers.
    std::sort(closedRows.begin(), closedRows.end(), std::greater<>());
    for (const int row : std::as_const(closedRows)) {
        beginRemoveRows({}, row, row);
        m_index.remove(m_rows.at(row).id);
        m_rows.removeAt(row);
        endRemoveRows();
    }
    if (!closedRows.isEmpty())
        reindex(closedRows.constLast());
    if (!added.isEmpty()) {
        std::sort(added.begin(), added.end(), [](const auto &a, const auto &b) { return a.id < b.id; });
        const int first = int(m_rows.size());
        beginInsertRows({}, first, first + int(added.size()) - 1);
        m_rows += added;
        reindex(first);
        endInsertRows();
    }
}

void StreamTableModel::refreshDurations()
{
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, Duration), index(int(m_rows.size()) - 1, Duration), {Qt::DisplayRole});
}

int StreamTableModel::rowOf(quint64 streamId) const
{
    return m_index.value(streamId, -1);
}

void StreamTableModel::reindex(int fromRow)
{
    if (fromRow == 0)
        m_index.clear();
    for (int row = fromRow; row < m_rows.size(); ++row)
        m_index.insert(m_rows.at(row).id, row);
}

} // namespace sd::ui
