#pragma once

#include "gateway/relay/upstreamsource.h"

namespace sd::gateway {

/// A backend connection of one client's own: an UpstreamConnection behind the UpstreamSource interface.
class DirectUpstream final : public UpstreamSource
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DirectUpstream)

public:
    explicit DirectUpstream(QObject *parent = nullptr);
    ~DirectUpstream() override;

    void start(const UpstreamRequest &request) override;
    void close() override;
    void setReadPaused(bool paused) override;

private:
    UpstreamConnection m_connection;
};

} // namespace sd::gateway
