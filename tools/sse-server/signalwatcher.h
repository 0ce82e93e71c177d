#pragma once

#include <QObject>

class QSocketNotifier;

namespace sd::tools {

/// Turns SIGINT and SIGTERM into a Qt signal through a signalfd. Construct it before any thread is
/// started: it blocks both signals in the calling thread, and threads inherit that mask.
class SignalWatcher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SignalWatcher)

public:
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

} // namespace sd::tools
