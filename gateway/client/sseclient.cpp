#include "gateway/client/sseclient.h"

#include "gateway/client/failureexplainer.h"

#include <QJsonDocument>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslConfiguration>
#include <algorithm>
#include <utility>

using namespace Qt::StringLiterals;

namespace sd::gateway {

namespace {

Q_LOGGING_CATEGORY(lcClient, "streamdesk.gateway.client")

QString hostAndPort(const QUrl &url)
{
    const QString host = url.host().toLower();
    const int port = url.port(url.scheme().compare(u"https"_s, Qt::CaseInsensitive) == 0 ? 443 : 80);
    return (host.contains(u':') ? u'[' + host + u']' : host) + u':' + QString::number(port);
}

bool isHttpUrl(const QUrl &url)
{
    const QString scheme = url.scheme().toLower();
    return url.isValid() && !url.host().isEmpty() && (scheme == u"http"_s || scheme == u"https"_s);
}

bool carriesBody(const StreamRequest &request)
{
    return !request.body.isEmpty() && request.method != "GET" && request.method != "HEAD";
}

// Without a Content-Type of their own, JSON bodies (as LLM-style streaming APIs take) are labelled as such.
QByteArray defaultContentType(const QByteArray &body)
{
    QJsonParseError error;
    QJsonDocument::fromJson(body, &error);
    return error.error == QJsonParseError::NoError ? QByteArrayLiteral("application/json")
                                                   : QByteArrayLiteral("text/plain; charset=utf-8");
}

// Headers given twice are sent once with both values (RFC 9110 section 5.3); QNetworkRequest keeps one.
QList<std::pair<QByteArray, QByteArray>>
mergedHeaders(const QList<std::pair<QByteArray, QByteArray>> &headers)
{
    QList<std::pair<QByteArray, QByteArray>> merged;
    for (const auto &header : headers) {
        const auto same = std::find_if(merged.begin(), merged.end(), [&header](const auto &known) {
            return known.first.compare(header.first, Qt::CaseInsensitive) == 0;
        });
        if (same == merged.end())
            merged.append(header);
        else
            same->second += ", " + header.second;
    }
    return merged;
}

} // namespace

SseClient::SseClient(QObject *parent)
    : QObject(parent)
    , m_network(new QNetworkAccessManager(this))
    , m_reconnectTimer(this)
{
    m_reconnectTimer.setSingleShot(true);
    connect(&m_reconnectTimer, &QTimer::timeout, this, [this] { connectNow(m_lastEventId); });
}

SseClient::~SseClient()
{
    stopConnection();
}

void SseClient::setRequest(const StreamRequest &request)
{
    m_request = request;
}

void SseClient::setAutoReconnect(bool enabled)
{
    m_autoReconnect = enabled;
    if (!enabled && m_state == State::WaitingToReconnect) {
        stopConnection();
        setState(State::Closed);
    }
}

void SseClient::pinCertificate(const QString &hostAndPort, const QSslCertificate &certificate)
{
    m_pinned.insert(hostAndPort, certificate);
}

void SseClient::open()
{
    m_lastEventId = m_request.lastEventId;
    m_backoff.restart();
    connectNow(m_lastEventId);
}

void SseClient::close()
{
    stopConnection();
    setState(State::Closed);
}

void SseClient::connectNow(const QString &lastEventId)
{
    stopConnection();
    m_parser = SseParser(SseParser::defaultMaxBlockSize, SseParser::Fields::Text);
    m_pending.clear();
    m_pendingOffset = 0;
    m_connectionEventId.clear();
    m_headTaken = false;
    m_eventStream = false;
    m_errorBody.clear();
    m_untrusted.reset();
    m_httpStatus = 0;

    if (!isHttpUrl(m_request.url)) {
        endAttempt(FailureExplainer::unsupportedUrl(m_request.url), false);
        return;
    }
    QNetworkRequest request(m_request.url);
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    request.setRawHeader("Accept", "text/event-stream");
    request.setRawHeader("Cache-Control", "no-cache");
    // Setting it ourselves also stops Qt from asking for gzip, which would hold events back.
    request.setRawHeader("Accept-Encoding", "identity");
    const bool withBody = carriesBody(m_request);
    if (withBody && m_request.header("Content-Type").isEmpty())
        request.setRawHeader("Content-Type", defaultContentType(m_request.body));
    for (const auto &[name, value] : mergedHeaders(m_request.headers))
        request.setRawHeader(name, value);
    if (!lastEventId.isEmpty())
        request.setRawHeader("Last-Event-ID", lastEventId.toUtf8());

    const QByteArray method = m_request.method.isEmpty() ? QByteArrayLiteral("GET") : m_request.method;
    m_reply = withBody ? m_network->sendCustomRequest(request, method, m_request.body)
                       : m_network->sendCustomRequest(request, method);
    connect(m_reply, &QNetworkReply::metaDataChanged, this, [this] { takeHead(false); });
    connect(m_reply, &QNetworkReply::readyRead, this, &SseClient::onReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &SseClient::onFinished);
    connect(m_reply, &QNetworkReply::sslErrors, this, &SseClient::onSslErrors);
    setState(State::Connecting);
}

void SseClient::stopConnection()
{
    ++m_generation;
    m_reconnectTimer.stop();
    if (QNetworkReply *reply = std::exchange(m_reply, nullptr)) {
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
}

void SseClient::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

// Returns whether the connection goes on reading with a known status.
bool SseClient::takeHead(bool final)
{
    if (m_headTaken)
        return true;
    const QVariant statusAttribute = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (!statusAttribute.isValid())
        return false;
    const int status = statusAttribute.toInt();
    if (!final && status >= 300 && status < 400)
        return false; // a redirect Qt is following
    m_headTaken = true;
    m_httpStatus = status;
    const QByteArray contentType = m_reply->rawHeader("Content-Type");
    const bool success = status >= 200 && status < 300;
    m_eventStream = success && FailureExplainer::isEventStream(contentType);

    const quint64 generation = m_generation;
    Q_EMIT responseStarted(status, contentType);
    if (generation != m_generation)
        return false;
    if (m_eventStream) {
        setState(State::Open);
        return generation == m_generation;
    }
    if (success) {
        endAttempt(FailureExplainer::notAnEventStream(status, contentType), false);
        return false;
    }
    return true;
}

void SseClient::onReadyRead()
{
    if (!takeHead(false))
        return;
    if (m_eventStream)
        readEvents();
    else
        readErrorBody();
}

void SseClient::onFinished()
{
    if (!m_reply)
        return;
    const quint64 generation = m_generation;
    if (takeHead(true)) {
        if (m_eventStream)
            readEvents();
        else
            readErrorBody();
    }
    if (generation != m_generation)
        return;

    if (m_untrusted) {
        endAttempt(FailureExplainer::untrustedCertificate(m_untrusted->hostAndPort, m_untrusted->reason),
                   false);
    } else if (!m_headTaken) {
        endAttempt(
            FailureExplainer::connectionError(m_reply->error(), m_reply->errorString(), m_reply->url()),
            true);
    } else if (!m_eventStream) {
        endAttempt(FailureExplainer::httpResponse(m_httpStatus, m_reply->rawHeaderPairs(), m_errorBody,
                                                  QDateTime::currentDateTime()),
                   m_httpStatus >= 500);
    } else {
        m_parser.finish();
        endAttempt(std::nullopt, true);
    }
}

void SseClient::onSslErrors(const QList<QSslError> &errors)
{
    QSslCertificate certificate = m_reply->sslConfiguration().peerCertificate();
    for (qsizetype i = 0; certificate.isNull() && i < errors.size(); ++i)
        certificate = errors[i].certificate();
    const QString key = hostAndPort(m_reply->url());
    if (!certificate.isNull() && m_pinned.value(key) == certificate) {
        m_reply->ignoreSslErrors(errors);
        return;
    }
    if (certificate.isNull())
        return; // nothing to pin: the attempt fails as a TLS error
    QStringList reasons;
    for (const QSslError &error : errors)
        reasons.append(error.errorString());
    m_untrusted = Untrusted{key, certificate, reasons.join(u"; "_s)};
}

void SseClient::readEvents()
{
    const QByteArray chunk = m_reply->readAll();
    if (chunk.isEmpty())
        return;
    m_bytesReceived += chunk.size();
    m_pending.append(chunk);
    QList<SseEvent> events;
    const sd::models::Status fed = m_parser.feed(chunk, events);
    m_backoff.setServerDelay(m_parser.retry());

    if (!events.isEmpty()) {
        const QDateTime receivedAt = QDateTime::currentDateTime();
        const qint64 consumed = events.constLast().end - m_pendingOffset;
        QList<ReceivedEvent> batch;
        batch.reserve(events.size());
        bool delivered = false;
        for (SseEvent &event : events) {
            if (event.lastEventId != m_connectionEventId) {
                m_connectionEventId = event.lastEventId;
                m_lastEventId = event.lastEventId;
            }
            delivered = delivered || event.dispatched;
            QByteArray raw = m_pending.mid(event.begin - m_pendingOffset, event.end - event.begin);
            batch.append(ReceivedEvent{receivedAt, std::move(event), std::move(raw)});
        }
        m_pending.remove(0, consumed);
        m_pendingOffset += consumed;
        if (delivered)
            m_backoff.reset();
        const quint64 generation = m_generation;
        Q_EMIT eventsReceived(batch);
        if (generation != m_generation)
            return;
    }
    if (!fed) {
        StreamFailure failure = FailureExplainer::oversizedEvent(SseParser::defaultMaxBlockSize);
        failure.httpStatus = m_httpStatus;
        endAttempt(failure, false);
    }
}

void SseClient::readErrorBody()
{
    m_errorBody += m_reply->read(FailureExplainer::maxBodySize - m_errorBody.size());
    if (m_errorBody.size() < FailureExplainer::maxBodySize)
        return;
    // Enough to explain it; the rest is not read.
    endAttempt(FailureExplainer::httpResponse(m_httpStatus, m_reply->rawHeaderPairs(), m_errorBody,
                                              QDateTime::currentDateTime()),
               m_httpStatus >= 500);
}

void SseClient::endAttempt(std::optional<StreamFailure> failure, bool mayReconnect)
{
    stopConnection();
    const bool reconnect = mayReconnect && m_autoReconnect;
    const int delay = reconnect ? m_backoff.next() : 0;
    if (reconnect)
        m_reconnectTimer.start(delay);
    const std::optional<Untrusted> untrusted = std::exchange(m_untrusted, std::nullopt);
    const State previous = std::exchange(m_state, reconnect ? State::WaitingToReconnect : State::Closed);
    qCDebug(lcClient) << "stream attempt ended; HTTP status" << m_httpStatus << "reconnect in"
                      << (reconnect ? delay : -1) << "ms";

    // Each signal may reach a slot that opens or closes the client again.
    const quint64 generation = m_generation;
    if (failure) {
        Q_EMIT failed(*failure);
        if (generation != m_generation)
            return;
    }
    if (reconnect) {
        Q_EMIT reconnectScheduled(delay, m_backoff.attempt());
        if (generation != m_generation)
            return;
    }
    if (previous != m_state) {
        Q_EMIT stateChanged(m_state);
        if (generation != m_generation)
            return;
    }
    if (untrusted)
        Q_EMIT untrustedCertificate(untrusted->hostAndPort, untrusted->certificate, untrusted->reason);
}

} // namespace sd::gateway
