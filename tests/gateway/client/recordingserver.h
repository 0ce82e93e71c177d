#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QTcpServer>

namespace sd::gateway::test {

/// An HTTP/1.1 server on 127.0.0.1 and a free port that takes any method with a Content-Length body,
/// records each request and answers it with a fixed event stream, then closes. TestBackend reads request
/// heads only; this one reads bodies.
class RecordingServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RecordingServer)

public:
    struct Request
    {
        QByteArray method;
        QByteArray target;
        QList<std::pair<QByteArray, QByteArray>> headers;
        QByteArray body;

        QByteArray header(QByteArrayView name) const;
    };

    explicit RecordingServer(QObject *parent = nullptr);

    bool listen();
    QString url(const QString &path) const;
    /// The body each request is answered with (as text/event-stream, then the connection closes).
    void setStream(const QByteArray &stream) { m_stream = stream; }
    const QList<Request> &requests() const { return m_requests; }

private:
    void onNewConnection();

    QTcpServer m_server;
    QByteArray m_stream;
    QList<Request> m_requests;
};

} // namespace sd::gateway::test
