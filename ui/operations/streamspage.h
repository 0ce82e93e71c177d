#pragma once

#include <QWidget>

class QAction;
class QLabel;
class QPushButton;
class QSortFilterProxyModel;
class QStackedWidget;
class QTableView;
class QTimer;

namespace sd::gateway {
class StreamMonitor;
}

namespace sd::ui {

class Session;
class StreamTableModel;

/// The gateway's open streams, live, with a Close Stream action (button, context menu, Delete key) that
/// ends the selected stream after a confirmation, naming the signed-in user as the reason.
class StreamsPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StreamsPage)

public:
    /// `monitor` routes a close request to the gateway that owns the stream (GatewayServer connects it).
    StreamsPage(gateway::StreamMonitor *monitor, Session *session, QWidget *parent = nullptr);

    StreamTableModel *model() const { return m_model; }

private:
    /// The stream id of the current row, or 0.
    quint64 selectedStream() const;
    void closeSelectedStream();
    void showContextMenu(const QPoint &position);
    void updateState();

    gateway::StreamMonitor *m_monitor;
    Session *m_session;
    StreamTableModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QStackedWidget *m_stack;
    QTableView *m_table;
    QLabel *m_empty;
    QLabel *m_summary;
    QPushButton *m_closeButton;
    QAction *m_closeAction;
    QTimer *m_durationTimer;
};

} // namespace sd::ui
