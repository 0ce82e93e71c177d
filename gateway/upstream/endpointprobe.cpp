#include "gateway/upstream/endpointprobe.h"

#include <QNetworkReply>
#include <QNetworkRequest>

namespace sd::gateway {

EndpointProbe::EndpointProbe(QObject *parent)
    : QObject(parent)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        m_timedOut = true;
        if (m_reply)
            m_reply->abort();
    });
}

EndpointProbe::~EndpointProbe()
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
    }
}

void EndpointProbe::start(const QUrl &url)
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
    QNetworkRequest request(url);
    request.setRawHeader("Accept", "text/event-stream");
    request.setRawHeader("Cache-Control", "no-cache");
    // A redirect is reported as it is: the gateway does not follow redirects either.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    m_timedOut = false;
    m_reply = m_network.get(request);
    connect(m_reply, &QNetworkReply::metaDataChanged, this, &EndpointProbe::onHead);
    connect(m_reply, &QNetworkReply::finished, this, &EndpointProbe::onFinished);
    m_timer.start(m_timeout);
}

void EndpointProbe::onHead()
{
    const auto status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (!status.isValid())
        return;
    ProbeResult result;
    result.url = m_reply->request().url();
    result.answered = true;
    result.httpStatus = status.toInt();
    const auto contentType = m_reply->header(QNetworkRequest::ContentTypeHeader).toString();
    result.mediaType = contentType.section(u';', 0, 0).trimmed().toLower();
    result.eventStream = result.mediaType == u"text/event-stream";
    finish(result);
}

void EndpointProbe::onFinished()
{
    if (m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).isValid()) {
        onHead();
        return;
    }
    ProbeResult result;
    result.url = m_reply->request().url();
    result.error =
        m_timedOut
            ? tr("The endpoint did not answer within %1 seconds.").arg(double(m_timeout.count()) / 1000.0)
            : m_reply->errorString();
    finish(result);
}

void EndpointProbe::finish(ProbeResult result)
{
    m_timer.stop();
    auto *reply = m_reply.data();
    m_reply.clear();
    reply->disconnect(this);
    // Only the head was wanted: a stream is never read.
    reply->abort();
    reply->deleteLater();
    Q_EMIT finished(result);
}

} // namespace sd::gateway
