#include "gateway/relay/sharedupstreamtap.h"

#include "gateway/relay/sharedupstream.h"

namespace sd::gateway {

SharedUpstreamTap::SharedUpstreamTap(SharedUpstream *shared, QObject *parent)
    : UpstreamSource(parent)
    , m_shared(shared)
{}

SharedUpstreamTap::~SharedUpstreamTap()
{
    close();
}

void SharedUpstreamTap::start(const UpstreamRequest &)
{
    if (m_shared)
        m_shared->join(this);
}

void SharedUpstreamTap::close()
{
    if (auto *shared = m_shared.data()) {
        m_shared.clear();
        shared->leave(this);
    }
}

void SharedUpstreamTap::setReadPaused(bool) {}

} // namespace sd::gateway
