#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QSocketNotifier>
#include <QTimer>
#include <functional>

class QTcpServer;

namespace sd::gateway {

/// Accepts connections on a listening QTcpServer in place of Qt's own loop. Qt 6.4.2 treats EMFILE and
/// ENFILE from accept() as temporary and retries on every pass of the event loop: the gateway thread spins
/// and the kernel's backlog is never drained. This loop pauses the port on such errors and resumes it after
/// 50 ms, doubling to 2 s, until a connection is accepted again; it logs once when an episode starts and
/// once when it ends.
class AcceptLoop final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AcceptLoop)

public:
    /// Takes an accepted descriptor (the server's incomingConnection()).
    using Accept = std::function<void(qintptr descriptor)>;

    static constexpr int firstRetryMs = 50;
    static constexpr int maxRetryMs = 2000;

    /// Becomes a child of `server`.
    AcceptLoop(QTcpServer *server, Accept accept);

    /// Takes over once the server listens. Should Qt's read notifier for the listening socket not be
    /// found, this says so in the log and Qt's own loop stays in charge.
    void start();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void acceptPending();
    void pause(int error);
    void resume();

    QTcpServer *m_server;
    Accept m_accept;
    QPointer<QSocketNotifier> m_notifier; // gone once the server closes
    QTimer m_retry;
    int m_failures = 0;
    QElapsedTimer m_since;
};

} // namespace sd::gateway
