#pragma once

#include "gateway/events/gatewayevent.h"

#include <QAbstractTableModel>
#include <QTimer>

namespace sd::gateway {
class GatewayEvents;
}

namespace sd::ui {

/// The gateway's log: streams opened and closed, refused requests, backend failures. A capped ring (as
/// qBittorrent's log model): at capacity the oldest rows are removed before new ones are inserted.
/// Events arriving together are inserted in one batch (at most every 50 ms), so a flood of refusals
/// does not flood the view.
class GatewayLogModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GatewayLogModel)

public:
    enum Column { Time, Level, Api, Client, Status, Code, Message, ColumnCount };
    /// The row's GatewayEvent::Level, as an int.
    static constexpr int LevelRole = Qt::UserRole + 1;
    static constexpr int defaultCapacity = 10000;

    explicit GatewayLogModel(gateway::GatewayEvents *events, int capacity = defaultCapacity,
                             QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    int capacity() const { return m_capacity; }
    /// Queues an event; it appears with the next batch.
    void add(const gateway::GatewayEvent &event);
    /// Inserts the queued events now (also done by the batch timer).
    void flush();
    void clear();
    /// A row as one line of text: the columns separated by tabs.
    QString rowText(int row) const;

private:
    QString cellText(const gateway::GatewayEvent &event, int column) const;

    int m_capacity;
    QList<gateway::GatewayEvent> m_rows;
    QList<gateway::GatewayEvent> m_pending;
    QTimer m_batchTimer;
};

} // namespace sd::ui
