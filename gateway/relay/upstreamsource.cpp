#include "gateway/relay/upstreamsource.h"

namespace sd::gateway {

UpstreamSource::UpstreamSource(QObject *parent)
    : QObject(parent)
{}

UpstreamSource::~UpstreamSource() = default;

} // namespace sd::gateway
