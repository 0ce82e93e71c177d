#include "gateway/server/connectionadmission.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <sys/socket.h>
#include <unistd.h>

namespace sd::gateway {

Q_LOGGING_CATEGORY(lcAdmission, "streamdesk.gateway.connections")

namespace {

// What a refused client may have sent is read and dropped before the close, so that the kernel ends the
// connection with FIN after the 503 rather than with a reset that could discard it; more is not waited for.
constexpr qsizetype drainBytes = 64 * 1024;

QByteArray serviceUnavailable(const QString &message)
{
    const auto body =
        QJsonDocument(QJsonObject{{QStringLiteral("code"), 503}, {QStringLiteral("message"), message}})
            .toJson(QJsonDocument::Compact);
    return "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nContent-Length: " +
           QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
}

void drainAndClose(int descriptor)
{
    ::shutdown(descriptor, SHUT_WR);
    char buffer[4096];
    qsizetype drained = 0;
    while (drained < drainBytes) {
        const auto n = ::recv(descriptor, buffer, sizeof buffer, MSG_DONTWAIT);
        if (n <= 0)
            break;
        drained += n;
    }
    ::close(descriptor);
}

// Peers on a dual-stack port arrive as IPv4-mapped IPv6 addresses; they count as their IPv4 address.
QHostAddress peerAddress(int descriptor)
{
    sockaddr_storage storage{};
    socklen_t length = sizeof storage;
    if (::getpeername(descriptor, reinterpret_cast<sockaddr *>(&storage), &length) != 0)
        return {};
    QHostAddress address(reinterpret_cast<const sockaddr *>(&storage));
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    return isV4 ? QHostAddress(v4) : address;
}

} // namespace

ConnectionAdmission::ConnectionAdmission(QTcpServer *server, const ConnectionLimits &limits, bool tls)
    : m_server(server)
    , m_limits(limits)
    , m_tls(tls)
{}

ConnectionAdmission::Counts ConnectionAdmission::total() const
{
    QMutexLocker lock(&m_mutex);
    return m_total;
}

ConnectionAdmission::Counts ConnectionAdmission::of(const QHostAddress &address) const
{
    QMutexLocker lock(&m_mutex);
    const auto it = m_peers.constFind(address);
    return it == m_peers.cend() ? Counts{} : it->counts;
}

bool ConnectionAdmission::admit(qintptr descriptor)
{
    const int fd = int(descriptor);
    const auto address = peerAddress(fd);
    if (address.isNull()) {
        // Reset before it was accepted: nothing to serve.
        ::close(fd);
        return false;
    }
    QMutexLocker lock(&m_mutex);
    const auto it = m_peers.constFind(address);
    const auto cap = overCap(it == m_peers.cend() ? Counts{} : it->counts);
    if (cap != Cap::None) {
        refuse(descriptor, address, cap);
        return false;
    }
    add(address, 1, m_tls ? 1 : 0);
    m_admitted.insert(descriptor, address);
    return true;
}

void ConnectionAdmission::track(qintptr descriptor, QObject *newestChild)
{
    QMutexLocker lock(&m_mutex);
    const auto address = m_admitted.take(descriptor);
    auto *socket = qobject_cast<QTcpSocket *>(newestChild);
    if (!socket || socket->socketDescriptor() != descriptor) {
        // Qt could not make a socket of it (QSslServer keeps such a socket to itself): nothing to count.
        qCWarning(lcAdmission).noquote() << "Port" << m_server->serverPort()
                                         << "made no socket for a connection from" << address.toString();
        add(address, -1, m_tls ? -1 : 0);
        return;
    }
    Tracked tracked{address, true, m_tls, {}};
    tracked.connections.append(connect(
        socket, &QObject::destroyed, this, [this, socket] { release(socket, true, true); },
        Qt::DirectConnection));
    if (m_tls) {
        tracked.connections.append(connect(
            static_cast<QSslSocket *>(socket), &QSslSocket::encrypted, this,
            [this, socket] { release(socket, false, true); }, Qt::DirectConnection));
    }
    m_tracked.insert(socket, tracked);
}

void ConnectionAdmission::answered(QTcpSocket *socket)
{
    release(socket, true, true);
}

ConnectionAdmission::Cap ConnectionAdmission::overCap(const Counts &peer) const
{
    if (peer.unanswered >= m_limits.maxUnansweredPerAddress ||
        (m_tls && peer.handshakes >= m_limits.maxHandshakesPerAddress))
        return Cap::Address;
    if (m_total.unanswered >= m_limits.maxUnansweredTotal ||
        (m_tls && m_total.handshakes >= m_limits.maxHandshakesTotal))
        return Cap::Total;
    return Cap::None;
}

bool ConnectionAdmission::belowHalf(const Counts &counts, int unansweredCap, int handshakeCap) const
{
    return counts.unanswered <= unansweredCap / 2 && counts.handshakes <= handshakeCap / 2;
}

QString ConnectionAdmission::describe(const Counts &counts, int unansweredCap, int handshakeCap) const
{
    auto text =
        QStringLiteral("%1 unanswered connections (limit %2)").arg(counts.unanswered).arg(unansweredCap);
    if (m_tls)
        text += QStringLiteral(", %1 TLS handshakes (limit %2)").arg(counts.handshakes).arg(handshakeCap);
    return text;
}

void ConnectionAdmission::refuse(qintptr descriptor, const QHostAddress &address, Cap cap)
{
    const auto action = m_tls ? QStringLiteral("closing new TLS connections before the handshake")
                              : QStringLiteral("answering 503");
    // An episode is logged when it starts and when the counts are down to half the caps, so that a flood
    // holding them at the cap logs twice, not once per connection.
    if (cap == Cap::Address) {
        auto &peer = m_peers[address];
        if (!peer.refusing) {
            peer.refusing = true;
            peer.refused = 0;
            qCInfo(lcAdmission).noquote() << QStringLiteral("Port %1 refuses connections from %2: %3; %4")
                                                 .arg(m_server->serverPort())
                                                 .arg(address.toString(),
                                                      describe(peer.counts, m_limits.maxUnansweredPerAddress,
                                                               m_limits.maxHandshakesPerAddress),
                                                      action);
        }
        ++peer.refused;
    } else {
        if (!m_refusingByTotal) {
            m_refusingByTotal = true;
            m_refusedByTotal = 0;
            qCInfo(lcAdmission).noquote()
                << QStringLiteral("Port %1 refuses connections (the first from %2): %3 in total; %4")
                       .arg(m_server->serverPort())
                       .arg(address.toString(),
                            describe(m_total, m_limits.maxUnansweredTotal, m_limits.maxHandshakesTotal),
                            action);
        }
        ++m_refusedByTotal;
    }
    const int fd = int(descriptor);
    if (!m_tls) {
        const auto response = serviceUnavailable(
            cap == Cap::Address
                ? QStringLiteral(
                      "Too many connections from your address are waiting for an answer. Finish or "
                      "close some, then try again.")
                : QStringLiteral("Too many connections are waiting for an answer. Try again in a moment."));
        // A new connection's send buffer is empty: the answer fits without blocking.
        ::send(fd, response.constData(), size_t(response.size()), MSG_NOSIGNAL | MSG_DONTWAIT);
    }
    drainAndClose(fd);
}

void ConnectionAdmission::add(const QHostAddress &address, int unanswered, int handshakes)
{
    m_total.unanswered += unanswered;
    m_total.handshakes += handshakes;
    auto &peer = m_peers[address];
    peer.counts.unanswered += unanswered;
    peer.counts.handshakes += handshakes;
    if (unanswered >= 0 && handshakes >= 0)
        return;
    if (peer.refusing &&
        belowHalf(peer.counts, m_limits.maxUnansweredPerAddress, m_limits.maxHandshakesPerAddress)) {
        peer.refusing = false;
        qCInfo(lcAdmission).noquote() << QStringLiteral("Port %1 admits connections from %2 again after "
                                                        "refusing %3")
                                             .arg(m_server->serverPort())
                                             .arg(address.toString())
                                             .arg(peer.refused);
    }
    if (!peer.refusing && peer.counts.unanswered == 0 && peer.counts.handshakes == 0)
        m_peers.remove(address);
    if (m_refusingByTotal && belowHalf(m_total, m_limits.maxUnansweredTotal, m_limits.maxHandshakesTotal)) {
        m_refusingByTotal = false;
        qCInfo(lcAdmission).noquote() << QStringLiteral("Port %1 admits connections again after refusing %2")
                                             .arg(m_server->serverPort())
                                             .arg(m_refusedByTotal);
    }
}

void ConnectionAdmission::release(QTcpSocket *socket, bool unanswered, bool handshake)
{
    QMutexLocker lock(&m_mutex);
    const auto it = m_tracked.find(socket);
    if (it == m_tracked.end())
        return;
    const bool releaseUnanswered = unanswered && it->unanswered;
    const bool releaseHandshake = handshake && it->handshake;
    it->unanswered = it->unanswered && !releaseUnanswered;
    it->handshake = it->handshake && !releaseHandshake;
    const auto address = it->address;
    if (!it->unanswered && !it->handshake) {
        for (const auto &connection : std::as_const(it->connections))
            disconnect(connection);
        m_tracked.erase(it);
    }
    if (releaseUnanswered || releaseHandshake)
        add(address, releaseUnanswered ? -1 : 0, releaseHandshake ? -1 : 0);
}

} // namespace sd::gateway
