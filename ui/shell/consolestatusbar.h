#pragma once

#include "ui/common/consolestatus.h"

#include <QElapsedTimer>
#include <QHash>
#include <QStatusBar>
#include <QTimer>

class QLabel;

namespace sd::gateway {
class StreamMonitor;
struct StreamInfo;
} // namespace sd::gateway

namespace sd::ui {

class Session;

/// The gateway's state, always in view: where it listens, open streams and events per second (from the
/// stream monitor's batches), and who is signed in with which roles.
class ConsoleStatusBar final : public QStatusBar
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConsoleStatusBar)

public:
    ConsoleStatusBar(const ConsoleStatus &status, gateway::StreamMonitor *monitor, Session *session,
                     QWidget *parent = nullptr);

    QString gatewayText() const;
    QString streamsText() const;
    QString userText() const;

private:
    void onStreamsChanged(const QList<gateway::StreamInfo> &changes);
    void updateRate();
    void updateStreams();
    void updateUser();

    gateway::StreamMonitor *m_monitor;
    Session *m_session;
    QLabel *m_gateway;
    QLabel *m_streams;
    QLabel *m_user;
    QHash<quint64, qint64> m_eventsPerStream;
    qint64 m_newEvents = 0;
    double m_rate = 0;
    QElapsedTimer m_rateClock;
    QTimer m_rateTimer;
};

} // namespace sd::ui
