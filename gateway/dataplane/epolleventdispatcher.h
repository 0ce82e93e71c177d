#pragma once

#include <QAbstractEventDispatcher>
#include <QAtomicInt>
#include <QMultiHash>
#include <deque>
#include <map>
#include <unordered_map>
#include <vector>

struct epoll_event;

namespace sd::gateway {

/// A Linux event dispatcher on one level-triggered epoll set, for the data plane's worker threads:
/// a wake-up costs what is ready, not what is open, and timers start and stop in O(log n).
/// Install it before the thread starts: `thread->setEventDispatcher(new EpollEventDispatcher)`.
/// Socket activation, timer and posted-event semantics follow Qt 6.4's QEventDispatcherUNIX;
/// Coarse and VeryCoarse timers are kept as precise as PreciseTimer (no rounding to shared wake-ups).
/// wakeUp() and interrupt() may be called from any thread, everything else from the dispatcher's thread.
class EpollEventDispatcher final : public QAbstractEventDispatcher
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EpollEventDispatcher)

public:
    explicit EpollEventDispatcher(QObject *parent = nullptr);
    ~EpollEventDispatcher() override;

    bool processEvents(QEventLoop::ProcessEventsFlags flags) override;

    void registerSocketNotifier(QSocketNotifier *notifier) override;
    void unregisterSocketNotifier(QSocketNotifier *notifier) override;

    using QAbstractEventDispatcher::registerTimer;
    void registerTimer(int timerId, qint64 interval, Qt::TimerType timerType, QObject *object) override;
    bool unregisterTimer(int timerId) override;
    bool unregisterTimers(QObject *object) override;
    QList<TimerInfo> registeredTimers(QObject *object) const override;
    int remainingTime(int timerId) override;

    void wakeUp() override;
    void interrupt() override;

private:
    struct Timer;
    using TimerQueue = std::multimap<qint64, Timer *>;
    struct Timer
    {
        int id = 0;
        qint64 interval = 0; // ms
        Qt::TimerType type = Qt::CoarseTimer;
        QObject *object = nullptr;
        TimerQueue::iterator queued;
        quint64 lastPass = 0;
        // Points at the delivering pass's local pointer while the timer's event is being sent.
        Timer **activeRef = nullptr;
    };

    // The notifiers of one descriptor, indexed by QSocketNotifier::Type, and the epoll interest they add up
    // to.
    struct NotifierSet
    {
        QSocketNotifier *notifiers[3] = {};
        quint64 serials[3] = {};
        quint32 interest = 0; // what epoll has
        bool changed = false; // in m_changed: the notifiers want another interest than epoll has

        quint32 wanted() const; // the interest of the notifiers registered
    };

    // One activation found by epoll_wait, delivered if the notifier is still the one registered.
    struct PendingActivation
    {
        int fd;
        int type;
        quint64 serial;
    };

    void updateInterest(int fd, NotifierSet &set);
    int waitTimeout(bool canWait, bool includeTimers) const;
    int pollForEvents(bool includeNotifiers, int timeout, std::vector<PendingActivation> &pending);
    bool drainWakeUps();
    void applyChangedInterest();
    void applyInterest(int fd, NotifierSet &set, quint32 interest);
    int activateSocketNotifiers(const std::vector<PendingActivation> &pending);
    int activateTimers();
    void eraseTimer(std::unordered_map<int, Timer>::iterator it);

    int m_epollFd = -1;
    int m_wakeFd = -1;
    QAtomicInt m_wakeUps;
    QAtomicInt m_interrupt;

    std::unordered_map<int, NotifierSet> m_notifiers;
    std::vector<int> m_changed; // descriptors whose interest changes before the next wait
    quint64 m_nextSerial = 0;
    std::vector<epoll_event> m_events;
    // One list of pending activations per nesting level: a nested loop must not overwrite the outer pass's
    // list.
    std::deque<std::vector<PendingActivation>> m_pendingByDepth;
    int m_depth = 0;

    std::unordered_map<int, Timer> m_timers;
    TimerQueue m_timerQueue;
    QMultiHash<const QObject *, int> m_timersByObject;
    quint64 m_timerPass = 0;
};

} // namespace sd::gateway
