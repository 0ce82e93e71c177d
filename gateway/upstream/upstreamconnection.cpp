#include "gateway/upstream/upstreamconnection.h"

#include "gateway/upstream/responseparser.h"

#include <QLoggingCategory>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTimerEvent>
#include <algorithm>
#include <utility>

using namespace Qt::StringLiterals;

namespace sd::gateway {

namespace {

Q_LOGGING_CATEGORY(lcUpstream, "streamdesk.gateway.upstream")

// Bounds what Qt buffers per connection; a paused connection stops reading once this is full.
constexpr qint64 kReadBufferBytes = 64 * 1024;

bool isTokenChar(char c)
{
    static constexpr QByteArrayView extra("!#$%&'*+-.^_`|~");
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || extra.contains(c);
}

// Rejects names and values that could split the request (header injection).
bool isValidHeader(const QByteArray &name, const QByteArray &value)
{
    return !name.isEmpty() && std::all_of(name.begin(), name.end(), isTokenChar) && !value.contains('\r') &&
           !value.contains('\n') && !value.contains('\0');
}

bool isOneOf(const QByteArray &lowerName, std::initializer_list<QByteArrayView> names)
{
    return std::any_of(names.begin(), names.end(), [&](QByteArrayView n) { return n == lowerName; });
}

QByteArray hostHeader(const QUrl &url)
{
    QByteArray host = url.host(QUrl::FullyEncoded).toLatin1();
    if (host.contains(':'))
        host = '[' + host + ']';
    const int defaultPort = url.scheme() == "https"_L1 ? 443 : 80;
    if (url.port() != -1 && url.port() != defaultPort)
        host += ':' + QByteArray::number(url.port());
    return host;
}

} // namespace

UpstreamConnection::UpstreamConnection(QObject *parent)
    : QObject(parent)
{}

UpstreamConnection::~UpstreamConnection()
{
    close();
}

void UpstreamConnection::start(const UpstreamRequest &request)
{
    if (m_phase != Phase::Idle) {
        qCWarning(lcUpstream) << "start() called twice; ignored";
        return;
    }
    m_request = request;
    m_parser = std::make_unique<ResponseParser>(m_request.maxHeaderBytes);
    m_phase = Phase::Connecting;
    const QUrl &url = m_request.url;
    const bool https = url.scheme() == "https"_L1;
    Error kind = Error::ConnectFailed;
    QString problem;
    if (!url.isValid() || (!https && url.scheme() != "http"_L1) || url.host().isEmpty()) {
        problem = u"invalid upstream URL: "_s + url.toDisplayString();
    } else if (https && !QSslSocket::supportsSsl()) {
        kind = Error::Tls;
        problem = u"TLS is not available"_s;
    }
    if (!problem.isEmpty()) {
        // Reported later so callers can rely on signals never firing from inside start().
        QMetaObject::invokeMethod(
            this,
            [this, kind, problem] {
                if (m_phase != Phase::Done)
                    fail(kind, problem);
            },
            Qt::QueuedConnection);
        return;
    }

    const quint16 port = quint16(url.port(https ? 443 : 80));
    if (https) {
        auto *ssl = new QSslSocket(this);
        QSslConfiguration config = QSslConfiguration::defaultConfiguration();
        if (!m_request.extraCaCertificates.isEmpty())
            config.addCaCertificates(m_request.extraCaCertificates);
        ssl->setSslConfiguration(config);
        connect(ssl, &QSslSocket::encrypted, this, &UpstreamConnection::sendRequest);
        connect(ssl, &QSslSocket::sslErrors, this, [this](const QList<QSslError> &errors) {
            QStringList texts;
            for (const QSslError &e : errors)
                texts.append(e.errorString());
            m_tlsErrors = texts.join(u"; "_s);
        });
        m_socket = ssl;
    } else {
        m_socket = new QTcpSocket(this);
        connect(m_socket, &QTcpSocket::connected, this, &UpstreamConnection::sendRequest);
    }
    m_socket->setReadBufferSize(kReadBufferBytes);
    connect(m_socket, &QTcpSocket::readyRead, this, &UpstreamConnection::pump);
    connect(m_socket, &QTcpSocket::disconnected, this, &UpstreamConnection::onDisconnected);
    connect(m_socket, &QTcpSocket::errorOccurred, this, &UpstreamConnection::onSocketError);
    if (m_request.connectTimeoutMs > 0)
        m_timer.start(m_request.connectTimeoutMs, this);
    if (auto *ssl = qobject_cast<QSslSocket *>(m_socket))
        ssl->connectToHostEncrypted(url.host(), port);
    else
        m_socket->connectToHost(url.host(), port);
}

void UpstreamConnection::close()
{
    m_phase = Phase::Done;
    m_timer.stop();
    releaseSocket();
}

void UpstreamConnection::setReadPaused(bool paused)
{
    if (m_readPaused == paused)
        return;
    m_readPaused = paused;
    if (paused || m_resumeQueued)
        return;
    // Resume from the event loop: the caller may be inside one of our signals.
    m_resumeQueued = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_resumeQueued = false;
            pump();
        },
        Qt::QueuedConnection);
}

HeaderList UpstreamConnection::forwardableHeaders(const HeaderList &requestHeaders)
{
    QList<QByteArray> namedInConnection;
    for (const auto &[name, value] : requestHeaders) {
        if (name.compare("connection", Qt::CaseInsensitive) != 0)
            continue;
        for (const QByteArray &token : value.split(','))
            namedInConnection.append(token.trimmed().toLower());
    }
    HeaderList result;
    for (const auto &header : requestHeaders) {
        const QByteArray lower = header.first.toLower();
        if (isOneOf(lower, {"connection", "keep-alive", "te", "trailer", "transfer-encoding", "upgrade",
                            "host", "authorization", "content-length", "accept-encoding"}) ||
            lower.startsWith("proxy-") || namedInConnection.contains(lower))
            continue;
        result.append(header);
    }
    return result;
}

bool UpstreamConnection::isEventStream(QByteArrayView contentType)
{
    const qsizetype semicolon = contentType.indexOf(';');
    const QByteArrayView mediaType = (semicolon < 0 ? contentType : contentType.first(semicolon)).trimmed();
    return mediaType.compare("text/event-stream", Qt::CaseInsensitive) == 0;
}

void UpstreamConnection::timerEvent(QTimerEvent *event)
{
    if (event->timerId() != m_timer.timerId()) {
        QObject::timerEvent(event);
        return;
    }
    m_timer.stop();
    if (m_phase == Phase::Connecting)
        fail(Error::Timeout, u"no connection within %1 ms"_s.arg(m_request.connectTimeoutMs));
    else if (m_phase == Phase::AwaitingHead)
        fail(Error::Timeout, u"no response head within %1 ms"_s.arg(m_request.headerTimeoutMs));
}

void UpstreamConnection::sendRequest()
{
    m_request.keepAlive.applyTo(m_socket->socketDescriptor());
    const QUrl &url = m_request.url;
    QByteArray target = url.toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority | QUrl::RemoveFragment);
    if (!target.startsWith('/'))
        target.prepend('/');
    QByteArray head = "GET " + target + " HTTP/1.1\r\nHost: " + hostHeader(url) +
                      "\r\nAccept: text/event-stream\r\nAccept-Encoding: identity\r\nConnection: close\r\n";
    for (const auto &[name, value] : std::as_const(m_request.headers)) {
        // These four are fixed by the connection itself.
        if (isOneOf(name.toLower(), {"host", "accept", "accept-encoding", "connection"}))
            continue;
        if (!isValidHeader(name, value)) {
            qCWarning(lcUpstream) << "dropping invalid request header" << name;
            continue;
        }
        head += name + ": " + value + "\r\n";
    }
    head += "\r\n";
    m_socket->write(head);
    m_phase = Phase::AwaitingHead;
    m_timer.stop();
    if (m_request.headerTimeoutMs > 0)
        m_timer.start(m_request.headerTimeoutMs, this);
}

void UpstreamConnection::onDisconnected()
{
    if (m_phase == Phase::Done)
        return;
    if (m_phase == Phase::Connecting) {
        fail(Error::Tls, u"connection closed during the TLS handshake"_s);
        return;
    }
    // Keep what the socket still buffers: it is parsed before the end of stream is.
    m_input = m_input.mid(m_inputOffset) + m_socket->readAll();
    m_inputOffset = 0;
    m_eof = true;
    pump();
}

void UpstreamConnection::onSocketError(QAbstractSocket::SocketError error)
{
    if (m_phase == Phase::Done)
        return;
    switch (error) {
    case QAbstractSocket::RemoteHostClosedError:
        return; // disconnected() follows and decides between a clean end and a lost connection
    case QAbstractSocket::SslHandshakeFailedError:
    case QAbstractSocket::SslInternalError:
    case QAbstractSocket::SslInvalidUserDataError:
        fail(Error::Tls, m_tlsErrors.isEmpty() ? m_socket->errorString() : m_tlsErrors);
        return;
    default:
        fail(m_phase == Phase::Connecting ? Error::ConnectFailed : Error::ConnectionLost,
             m_socket->errorString());
    }
}

void UpstreamConnection::pump()
{
    // A pass already running (we are inside one of its signals) picks up any new state itself.
    if (m_pumping)
        return;
    m_pumping = true;
    while ((m_phase == Phase::AwaitingHead || m_phase == Phase::Body) && !m_readPaused) {
        if (m_inputOffset < m_input.size()) {
            parseInput();
        } else if (!m_eof && m_socket->bytesAvailable() > 0) {
            m_input = m_socket->readAll();
            m_inputOffset = 0;
        } else {
            m_input.clear();
            m_inputOffset = 0;
            if (m_eof)
                handleEof();
            break;
        }
    }
    m_pumping = false;
}

void UpstreamConnection::parseInput()
{
    m_inputOffset += m_parser->feed(m_input, m_inputOffset);
    if (m_parser->hasFailed()) {
        fail(Error::Protocol, m_parser->errorText());
        return;
    }
    if (m_parser->takeHeadComplete()) {
        m_phase = Phase::Body;
        m_timer.stop();
        Q_EMIT responseHead(m_parser->status(), m_parser->takeHeaders());
        return;
    }
    if (QByteArray body = m_parser->takeBody(); !body.isEmpty()) {
        Q_EMIT bodyData(body);
        if (m_phase == Phase::Done)
            return;
    }
    if (m_parser->isComplete())
        finish();
}

void UpstreamConnection::handleEof()
{
    if (m_phase == Phase::AwaitingHead) {
        fail(Error::ConnectionLost, u"backend closed the connection before the response head"_s);
        return;
    }
    // Lets the parser end a close-delimited body; anything else is incomplete.
    m_parser->finishInput();
    if (m_parser->isComplete())
        finish();
    else
        fail(Error::ConnectionLost, u"backend closed the connection before the body ended"_s);
}

void UpstreamConnection::finish()
{
    m_phase = Phase::Done;
    m_timer.stop();
    releaseSocket();
    Q_EMIT finished();
}

void UpstreamConnection::fail(Error kind, const QString &detail)
{
    m_phase = Phase::Done;
    m_timer.stop();
    releaseSocket();
    qCDebug(lcUpstream) << "upstream" << m_request.url.toDisplayString() << "failed:" << kind << detail;
    Q_EMIT failed(kind, detail);
}

void UpstreamConnection::releaseSocket()
{
    if (!m_socket)
        return;
    m_socket->disconnect(this);
    m_socket->abort();
    // Deferred: we may be inside one of the socket's own signals.
    m_socket->deleteLater();
    m_socket = nullptr;
}

} // namespace sd::gateway
