#include "gateway/dataplane/dataplaneworker.h"

#include "gateway/server/httpendpoint.h"
#include "gateway/server/listener.h"

#include <QTcpSocket>

namespace sd::gateway {

DataPlaneWorker::DataPlaneWorker(const DataPlaneContext &context, int index)
    : m_context(context)
    , m_sessions(new SessionRegistry(SessionRegistry::sweepPeriod({context.config->stream.heartbeatMs,
                                                                   context.config->stream.maxBehindMs}),
                                     context.openStreams, context.streamDescriptors, this))
    , m_handler(m_context, index, m_sessions)
{}

DataPlaneWorker::~DataPlaneWorker() = default;

void DataPlaneWorker::serve(Listener *http, Listener *https, const std::optional<QSslConfiguration> &tls)
{
    m_http = new HttpEndpoint(&m_handler, m_context.config->connections, this);
    m_http->serve(http, std::nullopt);
    if (https && tls) {
        m_https = new HttpEndpoint(&m_handler, m_context.config->connections, this);
        m_https->serve(https, tls);
    }
}

void DataPlaneWorker::take(qintptr descriptor, bool tls)
{
    auto *endpoint = tls ? m_https : m_http;
    auto *socket = endpoint->take(descriptor);
    if (!socket) {
        m_load.fetch_sub(1, std::memory_order_relaxed);
        return;
    }
    connect(
        socket, &QObject::destroyed, this, [this] { m_load.fetch_sub(1, std::memory_order_relaxed); },
        Qt::DirectConnection);
}

void DataPlaneWorker::terminateWhere(const SessionRegistry::Predicate &predicate, const GatewayError &error,
                                     const QString &reason)
{
    m_sessions->terminateWhere(predicate, error, reason);
}

void DataPlaneWorker::shutDown()
{
    m_sessions->terminateWhere([](const StreamSession &) { return true; }, GatewayError::tooManyStreams(),
                               QStringLiteral("gateway stopped"));
    // The ends just written would be lost if the sockets are deleted next.
    m_http->flush();
    if (m_https)
        m_https->flush();
}

} // namespace sd::gateway
