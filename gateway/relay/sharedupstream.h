#pragma once

#include "gateway/sse/sseparser.h"
#include "gateway/upstream/upstreamconnection.h"

#include <QObject>
#include <QSet>
#include <functional>
#include <optional>

namespace sd::gateway {

class SharedUpstreamTap;

/// One backend stream that the clients of one worker thread share: owns the backend connection, started by
/// the first tap to join and closed when the last leaves. Every tap gets the response head (replayed when it
/// arrived before the tap joined), then the backend's bytes from the first event boundary after it joined,
/// so no client sees half an event; the end or failure of the backend reaches every tap. Never pauses the
/// backend for a slow client. Emits released() once, when it ends or the last tap leaves: it takes no more
/// taps then.
class SharedUpstream final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SharedUpstream)

public:
    /// `key`: the identity of `request` among the shared upstreams of a worker.
    SharedUpstream(QByteArray key, UpstreamRequest request, qsizetype maxEventBytes,
                   QObject *parent = nullptr);
    ~SharedUpstream() override;

    const QByteArray &key() const { return m_key; }
    qsizetype tapCount() const { return m_active.size() + m_waiting.size(); }

    void join(SharedUpstreamTap *tap);
    void leave(SharedUpstreamTap *tap);

Q_SIGNALS:
    void released();

private:
    struct Head
    {
        int status = 0;
        HeaderList headers;
    };

    void onResponseHead(int status, const HeaderList &headers);
    void onBodyData(const QByteArray &bytes);
    void onFinished();
    void onFailed(UpstreamConnection::Error kind, const QString &detail);
    /// Calls `signal` for every tap that has not left by its turn.
    void forEachTap(const std::function<void(SharedUpstreamTap *)> &signal);
    void release();

    QByteArray m_key;
    UpstreamRequest m_request;
    UpstreamConnection m_connection;
    SseParser m_parser;
    QList<SseEvent> m_blocks;
    std::optional<Head> m_head;
    QSet<SharedUpstreamTap *> m_active;  // get every byte from now on
    QSet<SharedUpstreamTap *> m_waiting; // joined inside an event: get bytes from the next boundary on
    qint64 m_received = 0;               // body bytes received
    qint64 m_boundary = 0;               // the end of the last complete block
    bool m_started = false;
    bool m_released = false;
};

} // namespace sd::gateway
