#pragma once

#include "gateway/relay/streammonitor.h"

#include <QAbstractTableModel>
#include <QHash>

namespace sd::ui {

/// The open streams of the gateway, one row each, fed by StreamMonitor::streamsChanged batches: new
/// streams are appended in one insert, changed rows reported in one dataChanged, closed streams removed.
class StreamTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StreamTableModel)

public:
    enum Column {
        Api,
        Application,
        KeyType,
        Client,
        Events,
        QuotaLeft,
        EventsPerSecond,
        Duration,
        ColumnCount
    };
    static constexpr int StreamIdRole = Qt::UserRole + 1;
    /// The raw value (number, time) a proxy sorts by.
    static constexpr int SortRole = Qt::UserRole + 2;

    explicit StreamTableModel(gateway::StreamMonitor *monitor, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /// Applies one batch of changes as the monitor reports them.
    void apply(const QList<gateway::StreamInfo> &changes);
    /// Durations grow without any change from the gateway: reports the Duration column as changed.
    void refreshDurations();
    /// The stream's row, or -1.
    int rowOf(quint64 streamId) const;
    const gateway::StreamInfo &streamAt(int row) const { return m_rows.at(row); }

private:
    void reindex(int fromRow);

    QList<gateway::StreamInfo> m_rows;
    QHash<quint64, int> m_index;
};

} // namespace sd::ui
