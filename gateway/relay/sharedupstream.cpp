#include "gateway/relay/sharedupstream.h"

#include "gateway/relay/sharedupstreamtap.h"

#include <QLoggingCategory>

namespace sd::gateway {

Q_LOGGING_CATEGORY(lcShared, "streamdesk.gateway.shared")

SharedUpstream::SharedUpstream(QByteArray key, UpstreamRequest request, qsizetype maxEventBytes,
                               QObject *parent)
    : QObject(parent)
    , m_key(std::move(key))
    , m_request(std::move(request))
    , m_connection(this)
    , m_parser(maxEventBytes)
{
    connect(&m_connection, &UpstreamConnection::responseHead, this, &SharedUpstream::onResponseHead);
    connect(&m_connection, &UpstreamConnection::bodyData, this, &SharedUpstream::onBodyData);
    connect(&m_connection, &UpstreamConnection::finished, this, &SharedUpstream::onFinished);
    connect(&m_connection, &UpstreamConnection::failed, this, &SharedUpstream::onFailed);
}

SharedUpstream::~SharedUpstream() = default;

void SharedUpstream::join(SharedUpstreamTap *tap)
{
    if (m_released) {
        Q_EMIT tap->failed(UpstreamConnection::Error::ConnectionLost, QStringLiteral("shared stream ended"));
        return;
    }
    // Before the first body byte, and at a block boundary, a new client starts where a lone one would.
    if (m_received == m_boundary)
        m_active.insert(tap);
    else
        m_waiting.insert(tap);
    qCDebug(lcShared) << "Client joined shared backend" << m_request.url.toDisplayString() << "-"
                      << tapCount() << "clients";
    if (!m_started) {
        m_started = true;
        m_connection.start(m_request);
    } else if (m_head) {
        Q_EMIT tap->responseHead(m_head->status, m_head->headers);
    }
}

void SharedUpstream::leave(SharedUpstreamTap *tap)
{
    if (!m_active.remove(tap) && !m_waiting.remove(tap))
        return;
    if (tapCount() == 0 && !m_released) {
        qCDebug(lcShared) << "Last client left shared backend" << m_request.url.toDisplayString();
        m_connection.close();
        release();
    }
}

void SharedUpstream::onResponseHead(int status, const HeaderList &headers)
{
    m_head = Head{status, headers};
    forEachTap([&](SharedUpstreamTap *tap) { Q_EMIT tap->responseHead(status, headers); });
}

void SharedUpstream::onBodyData(const QByteArray &bytes)
{
    const auto chunkStart = m_received;
    m_received += bytes.size();
    m_blocks.clear();
    const auto status = m_parser.feed(bytes, m_blocks);
    if (!m_blocks.isEmpty())
        m_boundary = m_blocks.constLast().end;
    const auto active = m_active; // a tap may leave from its slot
    for (auto *tap : active) {
        if (m_active.contains(tap))
            Q_EMIT tap->bodyData(bytes);
    }
    if (!m_blocks.isEmpty() && !m_waiting.isEmpty()) {
        // The waiting taps start at the first boundary of this chunk.
        const auto from = m_blocks.constFirst().end - chunkStart;
        const auto rest = bytes.sliced(from);
        const auto waiting = std::exchange(m_waiting, {});
        m_active.unite(waiting);
        for (auto *tap : waiting) {
            if (!rest.isEmpty() && m_active.contains(tap))
                Q_EMIT tap->bodyData(rest);
        }
    }
    if (!status && !m_released) {
        // Every lone session would have ended at this event too.
        m_connection.close();
        onFailed(UpstreamConnection::Error::Protocol,
                 QStringLiteral("backend sent an event over the size limit"));
    }
}

void SharedUpstream::onFinished()
{
    release();
    forEachTap([&](SharedUpstreamTap *tap) { Q_EMIT tap->finished(); });
}

void SharedUpstream::onFailed(UpstreamConnection::Error kind, const QString &detail)
{
    release();
    forEachTap([&](SharedUpstreamTap *tap) { Q_EMIT tap->failed(kind, detail); });
}

void SharedUpstream::forEachTap(const std::function<void(SharedUpstreamTap *)> &signal)
{
    const auto taps = m_active + m_waiting; // a tap may leave from its slot
    for (auto *tap : taps) {
        if (m_active.contains(tap) || m_waiting.contains(tap))
            signal(tap);
    }
}

void SharedUpstream::release()
{
    if (m_released)
        return;
    m_released = true;
    Q_EMIT released();
}

} // namespace sd::gateway
