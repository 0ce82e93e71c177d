#pragma once

#include "gateway/http/connectionlimits.h"

#include <QHash>
#include <QHostAddress>
#include <QMutex>
#include <QObject>

class QTcpServer;
class QTcpSocket;

namespace sd::gateway {

/// Counts the connections of one listening port that wait for their request to be answered, and those of
/// them still in their TLS handshake, per client address and in total, against ConnectionLimits. A
/// connection counts from accept until its request is answered or it closes, a TLS one as a handshake until
/// encrypted. One over a cap is refused at accept, before Qt sees it: a plain HTTP client gets 503 and the
/// connection closes; a TLS client is closed, since nothing can be answered before the handshake. Refusals
/// are logged once when an episode starts (per address, or per port for the totals) and once when it ends.
/// Thread-safe: the listener admits on its thread, the sockets are tracked and released on their own.
class ConnectionAdmission final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectionAdmission)

public:
    struct Counts
    {
        int unanswered = 0;
        int handshakes = 0;
    };

    ConnectionAdmission(QTcpServer *server, const ConnectionLimits &limits, bool tls);

    /// Takes a descriptor just accepted: true when it may be served, false when it was refused and closed.
    bool admit(qintptr descriptor);
    /// Counts the socket a server made for an admitted descriptor (the server's newest child).
    void track(qintptr descriptor, QObject *newestChild);
    /// The socket's request went to a handler: it no longer counts.
    void answered(QTcpSocket *socket);

    Counts total() const;
    Counts of(const QHostAddress &address) const;

private:
    enum class Cap { None, Address, Total };
    struct Peer
    {
        Counts counts;
        qint64 refused = 0; // in the current episode
        bool refusing = false;
    };
    struct Tracked
    {
        QHostAddress address;
        bool unanswered = true;
        bool handshake = false;
        QList<QMetaObject::Connection> connections;
    };

    Cap overCap(const Counts &peer) const;
    bool belowHalf(const Counts &counts, int unansweredCap, int handshakeCap) const;
    void refuse(qintptr descriptor, const QHostAddress &address, Cap cap);
    void add(const QHostAddress &address, int unanswered, int handshakes);
    void release(QTcpSocket *socket, bool unanswered, bool handshake);
    QString describe(const Counts &counts, int unansweredCap, int handshakeCap) const;

    mutable QMutex m_mutex;
    QTcpServer *m_server;
    ConnectionLimits m_limits;
    bool m_tls;
    Counts m_total;
    QHash<QHostAddress, Peer> m_peers;       // addresses with counted connections or refusing
    QHash<QTcpSocket *, Tracked> m_tracked;  // sockets still counted
    QHash<qintptr, QHostAddress> m_admitted; // admitted descriptors not yet tracked
    qint64 m_refusedByTotal = 0;             // in the current episode of the port
    bool m_refusingByTotal = false;
};

} // namespace sd::gateway
