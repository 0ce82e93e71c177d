#pragma once

#include "gateway/http/connectionguard.h"

#include <QDeadlineTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <deque>

namespace sd::gateway {

/// The request timeouts of one listening port. Every connection has the same timeout, so deadlines come
/// due in accept order: one queue and one sweeping timer replace a timer per connection, whose start and
/// stop cost grows with the number of timers in Qt's event loop.
class RequestTimeouts final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RequestTimeouts)

public:
    explicit RequestTimeouts(int timeoutMs, QObject *parent = nullptr);

    void watch(ConnectionGuard *guard);

private:
    void sweep();

    int m_timeoutMs;
    QTimer m_sweep;
    std::deque<std::pair<QDeadlineTimer, QPointer<ConnectionGuard>>> m_pending;
};

} // namespace sd::gateway
