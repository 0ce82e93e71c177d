#pragma once

#include <QNetworkAccessManager>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>
#include <chrono>

class QNetworkReply;

namespace sd::gateway {

/// What a backend answered to a probe: its response head only.
struct ProbeResult
{
    QUrl url;
    bool answered = false; // false: no response head (see error)
    int httpStatus = 0;
    QString mediaType; // Content-Type without parameters, lower case
    bool eventStream = false;
    QString error; // why there is no answer, in plain words
};

/// Checks an endpoint the way the gateway will call it: a GET asking for an event stream, aborted as soon
/// as the response head arrives, so a live stream is never read. Asynchronous; one probe at a time.
class EndpointProbe final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EndpointProbe)

public:
    explicit EndpointProbe(QObject *parent = nullptr);
    ~EndpointProbe() override;

    void setTimeout(std::chrono::milliseconds timeout) { m_timeout = timeout; }
    bool isRunning() const { return !m_reply.isNull(); }
    /// Starts a probe; a running one is abandoned without a result.
    void start(const QUrl &url);

Q_SIGNALS:
    void finished(const sd::gateway::ProbeResult &result);

private:
    void onHead();
    void onFinished();
    void finish(ProbeResult result);

    QNetworkAccessManager m_network;
    QPointer<QNetworkReply> m_reply;
    QTimer m_timer;
    std::chrono::milliseconds m_timeout{10000};
    bool m_timedOut = false;
};

} // namespace sd::gateway
