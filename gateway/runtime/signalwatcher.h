#pragma once

#include <QObject>

class QSocketNotifier;

namespace sd::gateway {

/// Turns SIGINT and SIGTERM into a Qt signal through a signalfd, so shutdown runs in the event loop.
class SignalWatcher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SignalWatcher)

public:
    /// Blocks both signals in the calling thread; call first thing in main(), before any thread exists,
    /// so that every later thread inherits the mask and the signals reach the watcher alone.
    static void blockTerminationSignals();

    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

    bool isValid() const { return m_fd >= 0; }

Q_SIGNALS:
    void terminationRequested(int signal);

private:
    void readSignal();

    int m_fd = -1;
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace sd::gateway
