#include "gateway/dataplane/epolleventdispatcher.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QSocketNotifier>
#include <QThread>
#include <cerrno>
#include <chrono>
#include <climits>
#include <cstring>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

namespace sd::gateway {

Q_LOGGING_CATEGORY(lcDispatcher, "streamdesk.gateway.dispatcher")

namespace {

constexpr qint64 nsPerMs = 1'000'000;
constexpr std::size_t initialEventCapacity = 256;

// Readiness that activates each notifier type, as QEventDispatcherUNIX maps poll()'s revents.
constexpr quint32 activationMask[3] = {
    EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR, // QSocketNotifier::Read
    EPOLLOUT | EPOLLHUP | EPOLLERR,             // QSocketNotifier::Write
    EPOLLPRI | EPOLLHUP | EPOLLERR,             // QSocketNotifier::Exception
};
constexpr quint32 interestMask[3] = {EPOLLIN | EPOLLRDHUP, EPOLLOUT, EPOLLPRI};

qint64 nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

qint64 intervalNs(qint64 intervalMs)
{
    // Beyond about 292 years the deadline would overflow; such a timer never fires anyway.
    constexpr qint64 maxMs = LLONG_MAX / nsPerMs / 2;
    return qMin(intervalMs, maxMs) * nsPerMs;
}

// Milliseconds until deadline, rounded up so that a timer is never woken for before it is due.
int msUntil(qint64 deadline, qint64 now)
{
    if (deadline <= now)
        return 0;
    return int(qMin<qint64>((deadline - now + nsPerMs - 1) / nsPerMs, INT_MAX));
}

} // namespace

EpollEventDispatcher::EpollEventDispatcher(QObject *parent)
    : QAbstractEventDispatcher(parent)
    , m_epollFd(::epoll_create1(EPOLL_CLOEXEC))
    , m_wakeFd(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC))
    , m_events(initialEventCapacity)
{
    if (m_epollFd < 0 || m_wakeFd < 0)
        qFatal("EpollEventDispatcher: cannot create the epoll set or the wake-up eventfd: %s",
               std::strerror(errno));
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.fd = m_wakeFd;
    if (::epoll_ctl(m_epollFd, EPOLL_CTL_ADD, m_wakeFd, &event) < 0)
        qFatal("EpollEventDispatcher: cannot watch the wake-up eventfd: %s", std::strerror(errno));
}

EpollEventDispatcher::~EpollEventDispatcher()
{
    ::close(m_wakeFd);
    ::close(m_epollFd);
}

bool EpollEventDispatcher::processEvents(QEventLoop::ProcessEventsFlags flags)
{
    m_interrupt.storeRelaxed(0);
    Q_EMIT awake();
    QCoreApplication::sendPostedEvents();

    const bool includeTimers = !flags.testFlag(QEventLoop::X11ExcludeTimers);
    const bool includeNotifiers = !flags.testFlag(QEventLoop::ExcludeSocketNotifiers);
    // Events posted meanwhile have called wakeUp(), so the eventfd ends the wait at once.
    const bool canWait = flags.testFlag(QEventLoop::WaitForMoreEvents) && !m_interrupt.loadRelaxed();
    if (canWait)
        Q_EMIT aboutToBlock();
    if (m_interrupt.loadRelaxed())
        return false;

    if (std::size_t(m_depth) == m_pendingByDepth.size())
        m_pendingByDepth.emplace_back();
    std::vector<PendingActivation> &pending = m_pendingByDepth[std::size_t(m_depth)];
    ++m_depth;
    int processed = pollForEvents(includeNotifiers, waitTimeout(canWait, includeTimers), pending);
    if (includeNotifiers)
        processed += activateSocketNotifiers(pending);
    pending.clear();
    --m_depth;
    if (includeTimers)
        processed += activateTimers();
    return processed > 0;
}

int EpollEventDispatcher::waitTimeout(bool canWait, bool includeTimers) const
{
    if (!canWait)
        return 0;
    if (!includeTimers)
        return -1;
    // The earliest timer whose event is not being delivered further up the stack (Qt's activateRef).
    for (const auto &[deadline, timer] : m_timerQueue) {
        if (!timer->activeRef)
            return msUntil(deadline, nowNs());
    }
    return -1;
}

int EpollEventDispatcher::pollForEvents(bool includeNotifiers, int timeout,
                                        std::vector<PendingActivation> &pending)
{
    if (!includeNotifiers) {
        // Level-triggered sockets would end every wait: watch only the wake-up eventfd.
        pollfd wake{m_wakeFd, POLLIN, 0};
        int ready;
        do {
            ready = ::poll(&wake, 1, timeout);
        } while (ready < 0 && errno == EINTR);
        return ready > 0 && drainWakeUps() ? 1 : 0;
    }

    applyChangedInterest();
    int ready;
    do {
        ready = ::epoll_wait(m_epollFd, m_events.data(), int(m_events.size()), timeout);
    } while (ready < 0 && errno == EINTR);
    if (ready < 0) {
        qCWarning(lcDispatcher, "epoll_wait failed: %s", std::strerror(errno));
        return 0;
    }

    int processed = 0;
    for (int i = 0; i < ready; ++i) {
        const epoll_event &event = m_events[std::size_t(i)];
        if (event.data.fd == m_wakeFd) {
            processed += drainWakeUps() ? 1 : 0;
            continue;
        }
        const auto it = m_notifiers.find(event.data.fd);
        if (it == m_notifiers.end())
            continue;
        for (int type = 0; type < 3; ++type) {
            if (it->second.notifiers[type] && (event.events & activationMask[type]))
                pending.push_back({event.data.fd, type, it->second.serials[type]});
        }
    }
    if (std::size_t(ready) == m_events.size())
        m_events.resize(m_events.size() * 2);
    return processed;
}

bool EpollEventDispatcher::drainWakeUps()
{
    eventfd_t value;
    const bool woken = ::eventfd_read(m_wakeFd, &value) == 0;
    m_wakeUps.storeRelease(0);
    return woken;
}

int EpollEventDispatcher::activateSocketNotifiers(const std::vector<PendingActivation> &pending)
{
    int activated = 0;
    for (const PendingActivation &activation : pending) {
        // An earlier activation of this pass may have disabled, deleted or replaced the notifier.
        const auto it = m_notifiers.find(activation.fd);
        if (it == m_notifiers.end() || it->second.serials[activation.type] != activation.serial)
            continue;
        QSocketNotifier *notifier = it->second.notifiers[activation.type];
        QEvent event(QEvent::SockAct);
        QCoreApplication::sendEvent(notifier, &event);
        ++activated;
    }
    return activated;
}

void EpollEventDispatcher::registerSocketNotifier(QSocketNotifier *notifier)
{
    Q_ASSERT(notifier);
    const int fd = int(notifier->socket());
    const int type = int(notifier->type());
    NotifierSet &set = m_notifiers[fd];
    const bool replaced = set.notifiers[type] && set.notifiers[type] != notifier;
    if (replaced) {
        qCWarning(lcDispatcher, "several socket notifiers of type %d for socket %d", type, fd);
        // The old one's descriptor may have been closed and its number reused: add this one to epoll.
        set.interest = 0;
    }
    set.notifiers[type] = notifier;
    set.serials[type] = ++m_nextSerial;
    updateInterest(fd, set);
}

void EpollEventDispatcher::unregisterSocketNotifier(QSocketNotifier *notifier)
{
    Q_ASSERT(notifier);
    const int fd = int(notifier->socket());
    const int type = int(notifier->type());
    const auto it = m_notifiers.find(fd);
    if (it == m_notifiers.end() || it->second.notifiers[type] != notifier)
        return;
    NotifierSet &set = it->second;
    set.notifiers[type] = nullptr;
    set.serials[type] = 0;
    updateInterest(fd, set);
    if (!set.notifiers[0] && !set.notifiers[1] && !set.notifiers[2])
        m_notifiers.erase(it);
}

quint32 EpollEventDispatcher::NotifierSet::wanted() const
{
    quint32 interest = 0;
    for (int type = 0; type < 3; ++type) {
        if (notifiers[type])
            interest |= interestMask[type];
    }
    return interest;
}

void EpollEventDispatcher::updateInterest(int fd, NotifierSet &set)
{
    const quint32 interest = set.wanted();
    if (interest == set.interest)
        return;
    // Qt enables a socket's write notifier on every write and disables it once the data is sent, often
    // within one pass: a change between two non-empty interests waits for the next epoll_wait, so such a
    // pair costs no system call. Adding and removing a descriptor happen at once (its number may be reused).
    if (set.interest != 0 && interest != 0) {
        if (!set.changed) {
            set.changed = true;
            m_changed.push_back(fd);
        }
        return;
    }
    set.changed = false;
    applyInterest(fd, set, interest);
}

void EpollEventDispatcher::applyChangedInterest()
{
    for (const int fd : m_changed) {
        const auto it = m_notifiers.find(fd);
        if (it == m_notifiers.end() || !it->second.changed)
            continue;
        NotifierSet &set = it->second;
        set.changed = false;
        if (const quint32 interest = set.wanted(); interest != set.interest)
            applyInterest(fd, set, interest);
    }
    m_changed.clear();
}

void EpollEventDispatcher::applyInterest(int fd, NotifierSet &set, quint32 interest)
{
    epoll_event event{};
    event.events = interest;
    event.data.fd = fd;
    int op = set.interest == 0 ? EPOLL_CTL_ADD : (interest == 0 ? EPOLL_CTL_DEL : EPOLL_CTL_MOD);
    int result = ::epoll_ctl(m_epollFd, op, fd, &event);
    // epoll forgets a descriptor when it is closed; its number may come back as a new socket, or the
    // old description may still be in the set through a duplicate.
    if (result < 0 && errno == ENOENT && op == EPOLL_CTL_MOD)
        result = ::epoll_ctl(m_epollFd, op = EPOLL_CTL_ADD, fd, &event);
    else if (result < 0 && errno == EEXIST && op == EPOLL_CTL_ADD)
        result = ::epoll_ctl(m_epollFd, op = EPOLL_CTL_MOD, fd, &event);
    if (result < 0 && op == EPOLL_CTL_DEL && (errno == ENOENT || errno == EBADF))
        result = 0;
    if (result < 0) {
        qCWarning(lcDispatcher, "cannot watch socket %d: %s", fd, std::strerror(errno));
        set.interest = 0;
        return;
    }
    set.interest = interest;
}

void EpollEventDispatcher::registerTimer(int timerId, qint64 interval, Qt::TimerType timerType,
                                         QObject *object)
{
    if (timerId < 1 || interval < 0 || !object) {
        qCWarning(lcDispatcher, "registerTimer: invalid arguments");
        return;
    }
    auto [it, inserted] = m_timers.try_emplace(timerId);
    if (!inserted) {
        qCWarning(lcDispatcher, "registerTimer: timer %d is already registered", timerId);
        return;
    }
    Timer &timer = it->second;
    timer.id = timerId;
    timer.interval = interval;
    timer.type = timerType;
    timer.object = object;
    timer.queued = m_timerQueue.emplace(nowNs() + intervalNs(interval), &timer);
    m_timersByObject.insert(object, timerId);
}

bool EpollEventDispatcher::unregisterTimer(int timerId)
{
    const auto it = m_timers.find(timerId);
    if (it == m_timers.end())
        return false;
    eraseTimer(it);
    return true;
}

bool EpollEventDispatcher::unregisterTimers(QObject *object)
{
    const QList<int> ids = m_timersByObject.values(object);
    for (int id : ids)
        eraseTimer(m_timers.find(id));
    return !ids.isEmpty();
}

void EpollEventDispatcher::eraseTimer(std::unordered_map<int, Timer>::iterator it)
{
    Timer &timer = it->second;
    if (timer.activeRef)
        *timer.activeRef = nullptr;
    m_timerQueue.erase(timer.queued);
    m_timersByObject.remove(timer.object, timer.id);
    m_timers.erase(it);
}

QList<QAbstractEventDispatcher::TimerInfo> EpollEventDispatcher::registeredTimers(QObject *object) const
{
    QList<TimerInfo> infos;
    for (auto it = m_timersByObject.constFind(object); it != m_timersByObject.cend() && it.key() == object;
         ++it) {
        const Timer &timer = m_timers.at(it.value());
        infos.append(TimerInfo(timer.id, int(timer.interval), timer.type));
    }
    return infos;
}

int EpollEventDispatcher::remainingTime(int timerId)
{
    const auto it = m_timers.find(timerId);
    if (it == m_timers.end())
        return -1;
    return msUntil(it->second.queued->first, nowNs());
}

int EpollEventDispatcher::activateTimers()
{
    if (m_timerQueue.empty())
        return 0;
    const qint64 now = nowNs();
    const quint64 pass = ++m_timerPass;
    int activated = 0;
    while (!m_timerQueue.empty()) {
        const auto first = m_timerQueue.begin();
        Timer *timer = first->second;
        // Rescheduled timers go behind every timer that was due, so meeting one again ends the pass.
        if (first->first > now || timer->lastPass == pass)
            break;
        timer->lastPass = pass;

        // The next deadline follows the previous one (no drift) but never falls behind now.
        const qint64 interval = intervalNs(timer->interval);
        qint64 next = first->first + interval;
        if (next < now)
            next = now + interval;
        auto node = m_timerQueue.extract(first);
        node.key() = next;
        timer->queued = m_timerQueue.insert(std::move(node));
        // Zero-interval timers do not count, so that processEvents() loops without waiting can end.
        if (timer->interval > 0)
            ++activated;

        // A timer whose handler runs a nested loop is not sent again from within it.
        if (!timer->activeRef) {
            Timer *current = timer;
            timer->activeRef = &current;
            QTimerEvent event(timer->id);
            QCoreApplication::sendEvent(timer->object, &event);
            if (current)
                current->activeRef = nullptr;
        }
    }
    return activated;
}

void EpollEventDispatcher::wakeUp()
{
    if (m_wakeUps.testAndSetAcquire(0, 1)) {
        int result;
        do {
            result = ::eventfd_write(m_wakeFd, 1);
        } while (result < 0 && errno == EINTR);
    }
}

void EpollEventDispatcher::interrupt()
{
    m_interrupt.storeRelaxed(1);
    wakeUp();
}

} // namespace sd::gateway
