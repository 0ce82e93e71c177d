#pragma once

#include "models/result.h"
#include "tools/sse-server/sseserveroptions.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QHttpServer>
#include <QObject>
#include <QTimer>
#include <list>

class QTcpServer;

namespace sd::gateway {
class ChunkedResponder;
}

namespace sd::tools {

/// The sample SSE backend: GET /memory streams one memory event per interval to every open stream, and
/// ends each stream cleanly when its lifetime has passed. One timer serves all streams.
class SseServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SseServer)

public:
    explicit SseServer(const SseServerOptions &options, QObject *parent = nullptr);
    ~SseServer() override;

    /// Starts listening; returns the port actually bound.
    models::Result<quint16> listen();
    /// Stops accepting and ends every stream cleanly; drained() follows once all connections are closed.
    void shutdown();

Q_SIGNALS:
    void drained();

private:
    struct Stream
    {
        gateway::ChunkedResponder *responder = nullptr;
        QDeadlineTimer deadline;
        QMetaObject::Connection onGone;
    };
    using StreamIt = std::list<Stream>::iterator;

    gateway::ChunkedResponder *adopt(QHttpServerResponder &&responder);
    void handleMemory(const QHttpServerRequest &request, QHttpServerResponder &&responder);
    void removeStream(StreamIt it);
    void endExpiredStreams();
    void armExpiry();
    void startTicking();
    void scheduleTick();
    void tick();
    void broadcast(qint64 count);

    const SseServerOptions m_options;
    QHttpServer m_http;
    QTcpServer *m_listener = nullptr;
    std::list<Stream> m_streams; // in opening order, which is also deadline order
    QTimer m_tickTimer;
    QTimer m_expiryTimer;
    QElapsedTimer m_clock;      // since the tick timer started
    qint64 m_slotsConsumed = 0; // intervals since m_clock started that were sent or skipped
    quint64 m_sequence = 0;     // identifier of the last event sent
    int m_openConnections = 0;
    bool m_shuttingDown = false;
};

} // namespace sd::tools
