#include "ui/viewer/streameventmodel.h"

#include <QBrush>
#include <QLocale>

namespace sd::ui {

namespace {
constexpr qsizetype previewLength = 300;

QString commentText(const QByteArray &raw)
{
    QStringList comments;
    for (const QByteArray &line : raw.split('\n')) {
        if (line.startsWith(':'))
            comments << QString::fromUtf8(line.mid(1).trimmed());
    }
    return comments.join(u' ');
}
} // namespace

StreamEventModel::StreamEventModel(QObject *parent)
    : QAbstractTableModel(parent)
{
    m_batchTimer.setSingleShot(true);
    m_batchTimer.setInterval(flushIntervalMs);
    connect(&m_batchTimer, &QTimer::timeout, this, &StreamEventModel::flush);
}

int StreamEventModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int StreamEventModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString StreamEventModel::preview(const gateway::ReceivedEvent &event)
{
    QString text = event.event.dispatched ? event.event.data.left(previewLength) : commentText(event.raw);
    text.replace(u'\n', u' ');
    return text;
}

QString StreamEventModel::cellText(const gateway::ReceivedEvent &e, int column) const
{
    switch (column) {
    case Time:
        return e.receivedAt.toLocalTime().toString(QStringLiteral("HH:mm:ss.zzz"));
    case Type:
        if (e.event.dispatched)
            return e.event.type;
        return e.raw.startsWith(':') || e.raw.contains("\n:") ? tr("(comment)") : tr("(no data)");
    case Id:
        return e.event.lastEventId;
    case Size:
        return QLocale().formattedDataSize(e.raw.size(), 1, QLocale::DataSizeTraditionalFormat);
    case Preview:
        return preview(e);
    default:
        return {};
    }
}

QVariant StreamEventModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const auto &e = event(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return cellText(e, index.column());
    case Qt::ToolTipRole:
        return index.column() == Time ? e.receivedAt.toLocalTime().toString(Qt::ISODateWithMs) : QVariant();
    case Qt::TextAlignmentRole:
        return index.column() == Size ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case Qt::ForegroundRole:
        return e.event.dispatched ? QVariant() : QVariant(QBrush(Qt::darkGray));
    case DispatchedRole:
        return e.event.dispatched;
    case TypeRole:
        return e.event.type;
    case DataRole:
        return e.event.data;
    case RawRole:
        return e.raw;
    case ReceivedAtRole:
        return e.receivedAt;
    default:
        return {};
    }
}

QVariant StreamEventModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Time:
        return tr("Time received");
    case Type:
        return tr("Event type");
    case Id:
        return tr("ID");
    case Size:
        return tr("Size");
    case Preview:
        return tr("Data");
    default:
        return {};
    }
}

void StreamEventModel::setCapacity(int capacity)
{
    m_capacity = qMax(1, capacity);
    const auto overflow = int(m_rows.size()) - m_capacity;
    if (overflow > 0) {
        beginRemoveRows({}, 0, overflow - 1);
        m_rows.erase(m_rows.begin(), m_rows.begin() + overflow);
        endRemoveRows();
    }
    trimPending();
}

void StreamEventModel::appendEvents(const QList<gateway::ReceivedEvent> &events)
{
    if (events.isEmpty())
        return;
    m_pending += events;
    // Trimmed in halves rather than per event, so a long pause costs no more than a flush.
    if (m_pending.size() > 2 * qsizetype(m_capacity))
        trimPending();
    if (!m_batchTimer.isActive())
        m_batchTimer.start();
}

void StreamEventModel::trimPending()
{
    const auto excess = m_pending.size() - qsizetype(m_capacity);
    if (excess <= 0)
        return;
    m_pending.remove(0, excess);
    if (m_paused)
        m_dropped += excess;
}

void StreamEventModel::flush()
{
    m_batchTimer.stop();
    if (m_paused) {
        Q_EMIT waitingChanged(waitingCount(), droppedCount());
        return;
    }
    if (m_pending.isEmpty())
        return;
    Q_EMIT aboutToFlush();
    trimPending();
    const auto overflow = int(m_rows.size() + m_pending.size()) - m_capacity;
    if (overflow > 0) {
        beginRemoveRows({}, 0, overflow - 1);
        m_rows.erase(m_rows.begin(), m_rows.begin() + overflow);
        endRemoveRows();
    }
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(m_pending.size()) - 1);
    bool newType = false;
    for (auto &event : m_pending) {
        if (event.event.dispatched && !m_types.contains(event.event.type)) {
            m_types.insert(event.event.type);
            newType = true;
        }
        m_rows.push_back(std::move(event));
    }
    endInsertRows();
    m_pending.clear();
    if (newType)
        Q_EMIT eventTypesChanged();
    Q_EMIT flushed();
}

void StreamEventModel::setPaused(bool paused)
{
    if (m_paused == paused)
        return;
    m_paused = paused;
    if (!paused) {
        m_dropped = 0;
        flush();
    }
    Q_EMIT waitingChanged(waitingCount(), droppedCount());
}

int StreamEventModel::waitingCount() const
{
    return m_paused ? int(qMin(m_pending.size(), qsizetype(m_capacity))) : 0;
}

qint64 StreamEventModel::droppedCount() const
{
    if (!m_paused)
        return 0;
    return m_dropped + qMax(qsizetype(0), m_pending.size() - qsizetype(m_capacity));
}

void StreamEventModel::clear()
{
    m_batchTimer.stop();
    beginResetModel();
    m_rows.clear();
    m_pending.clear();
    m_dropped = 0;
    const bool hadTypes = !m_types.isEmpty();
    m_types.clear();
    endResetModel();
    if (hadTypes)
        Q_EMIT eventTypesChanged();
    Q_EMIT waitingChanged(waitingCount(), droppedCount());
}

QStringList StreamEventModel::eventTypes() const
{
    QStringList types(m_types.cbegin(), m_types.cend());
    types.sort();
    return types;
}

} // namespace sd::ui
