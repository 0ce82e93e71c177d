#pragma once

#include "models/businessplan.h"
#include "models/store.h"

#include <QHash>
#include <QMutex>
#include <QObject>
#include <QTimer>
#include <memory>

namespace sd::gateway {

/// Counts delivered events per subscription and plan window, exactly: consume() reserves an event before
/// it is forwarded, so no event goes out past the quota. Counts live in memory and are written to the
/// store every second and on flush(), so a restart keeps a window's usage. Thread-safe.
class EventMeter final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventMeter)

public:
    struct Grant
    {
        bool allowed = false;
        qint64 remaining = -1; // after this event; -1 when unlimited
    };

    explicit EventMeter(std::shared_ptr<models::Store> store, QObject *parent = nullptr);
    ~EventMeter() override;

    /// Reserves one event of the subscription's current window.
    Grant consume(const QString &subscriptionId, const models::BusinessPlan &plan);
    /// Events left in the current window; -1 when unlimited.
    qint64 remaining(const QString &subscriptionId, const models::BusinessPlan &plan);
    static qint64 secondsToWindowEnd(const models::BusinessPlan &plan, qint64 nowSecs);
    static qint64 windowStart(const models::BusinessPlan &plan, qint64 nowSecs);
    /// Writes pending counts to the store in one transaction.
    void flush();
    /// Drops the count of a removed subscription: its stored usage went with it.
    void forget(const QString &subscriptionId);

private:
    struct Counter
    {
        qint64 windowStart = 0;
        qint64 used = 0;    // stored + pending
        qint64 pending = 0; // not yet written
    };
    Counter &counter(const QString &subscriptionId, const models::BusinessPlan &plan);

    std::shared_ptr<models::Store> m_store;
    QMutex m_mutex;
    QHash<QString, Counter> m_counters;
    QTimer m_flushTimer;
};

} // namespace sd::gateway
