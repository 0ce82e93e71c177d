#include "gateway/relay/directupstream.h"

namespace sd::gateway {

DirectUpstream::DirectUpstream(QObject *parent)
    : UpstreamSource(parent)
    , m_connection(this)
{
    connect(&m_connection, &UpstreamConnection::responseHead, this, &UpstreamSource::responseHead);
    connect(&m_connection, &UpstreamConnection::bodyData, this, &UpstreamSource::bodyData);
    connect(&m_connection, &UpstreamConnection::finished, this, &UpstreamSource::finished);
    connect(&m_connection, &UpstreamConnection::failed, this, &UpstreamSource::failed);
}

DirectUpstream::~DirectUpstream() = default;

void DirectUpstream::start(const UpstreamRequest &request)
{
    m_connection.start(request);
}

void DirectUpstream::close()
{
    m_connection.close();
}

void DirectUpstream::setReadPaused(bool paused)
{
    m_connection.setReadPaused(paused);
}

} // namespace sd::gateway
