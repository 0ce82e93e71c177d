#include "gateway/auth/cryptopool.h"

#include <QPointer>
#include <algorithm>

namespace sd::gateway {

CryptoPool::CryptoPool(const CryptoLimits &limits, QObject *parent)
    : QObject(parent)
    , m_maxQueued(std::max(limits.maxQueued, 1))
    , m_retryAfterSeconds(std::max(limits.retryAfterSeconds, 1))
{
    m_threads.setMaxThreadCount(std::max(limits.workers, 1));
    m_threads.setObjectName(QStringLiteral("crypto"));
}

CryptoPool::~CryptoPool()
{
    m_threads.clear();
    // Running jobs post their results to this object: they must be done before it goes.
    m_threads.waitForDone();
}

bool CryptoPool::run(QObject *context, Job job)
{
    if (m_pending >= m_maxQueued)
        return false;
    ++m_pending;
    m_threads.start([this, context = QPointer<QObject>(context), job = std::move(job)]() mutable {
        auto finish = job();
        QMetaObject::invokeMethod(
            this,
            [this, context = std::move(context), finish = std::move(finish)] {
                --m_pending;
                if (context)
                    finish();
                else
                    ++m_dropped;
            },
            Qt::QueuedConnection);
    });
    return true;
}

} // namespace sd::gateway
