#pragma once

#include "gateway/relay/upstreamsource.h"

#include <QPointer>

namespace sd::gateway {

class SharedUpstream;

/// One client's view of a SharedUpstream: start() joins it, close() leaves it. Pausing does nothing: a
/// client that falls behind is dropped by its session's limits instead of holding up the others.
class SharedUpstreamTap final : public UpstreamSource
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SharedUpstreamTap)

public:
    explicit SharedUpstreamTap(SharedUpstream *shared, QObject *parent = nullptr);
    ~SharedUpstreamTap() override;

    /// The shared upstream was started with its first tap's request; `request` is not used.
    void start(const UpstreamRequest &request) override;
    void close() override;
    void setReadPaused(bool paused) override;

private:
    QPointer<SharedUpstream> m_shared;
};

} // namespace sd::gateway
