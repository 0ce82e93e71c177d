#pragma once

#include "gateway/client/sseclient.h"

#include <QAbstractTableModel>
#include <QSet>
#include <QTimer>
#include <deque>

namespace sd::ui {

/// The events of one stream, as a bounded ring (as qBittorrent's log model): at capacity the oldest rows
/// are removed before new ones are inserted. Events are collected and inserted in batches (one
/// beginInsertRows per flush, at most every flushIntervalMs), so thousands of events a second do not
/// flood the view. Paused, the model keeps collecting (bounded too) and inserts on resume.
class StreamEventModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StreamEventModel)

public:
    enum Column { Time, Type, Id, Size, Preview, ColumnCount };
    enum Role {
        DispatchedRole = Qt::UserRole + 1, // false for a comment/heartbeat-only block
        TypeRole,                          // the event type; empty for a comment block
        DataRole,                          // the whole data buffer
        RawRole,                           // the block's bytes as received
        ReceivedAtRole,
    };
    static constexpr int defaultCapacity = 10000;
    static constexpr int flushIntervalMs = 50;

    explicit StreamEventModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    int capacity() const { return m_capacity; }
    /// Removes the oldest rows at once when they no longer fit.
    void setCapacity(int capacity);
    const gateway::ReceivedEvent &event(int row) const { return m_rows.at(std::size_t(row)); }

    /// Queues events; they appear with the next flush.
    void appendEvents(const QList<gateway::ReceivedEvent> &events);
    /// Inserts the queued events now unless paused (also done by the batch timer).
    void flush();
    bool isPaused() const { return m_paused; }
    /// Paused: events keep arriving into the queue (only the newest `capacity` are kept); resuming
    /// inserts them.
    void setPaused(bool paused);
    /// Events queued while paused that will be inserted on resume.
    int waitingCount() const;
    /// Events dropped while paused because more than `capacity` arrived.
    qint64 droppedCount() const;
    /// Removes every row and queued event.
    void clear();
    /// The event types seen since the last clear, sorted.
    QStringList eventTypes() const;

    /// The data as one short line for the table.
    static QString preview(const gateway::ReceivedEvent &event);

Q_SIGNALS:
    /// Before a flush changes rows: views check here whether they are at the bottom.
    void aboutToFlush();
    void flushed();
    void waitingChanged(int waiting, qint64 dropped);
    void eventTypesChanged();

private:
    QString cellText(const gateway::ReceivedEvent &event, int column) const;
    void trimPending();

    int m_capacity = defaultCapacity;
    std::deque<gateway::ReceivedEvent> m_rows;
    QList<gateway::ReceivedEvent> m_pending;
    qint64 m_dropped = 0;
    bool m_paused = false;
    QSet<QString> m_types;
    QTimer m_batchTimer;
};

} // namespace sd::ui
