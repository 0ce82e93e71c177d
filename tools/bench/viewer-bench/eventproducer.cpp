#include "tools/bench/viewer-bench/eventproducer.h"

#include <QDateTime>
#include <QTcpSocket>

namespace sd::tools {

EventProducer::EventProducer(int eventsPerSecond, Values values, QObject *parent)
    : QObject(parent)
    , m_rate(eventsPerSecond)
    , m_values(values)
    , m_server(this)
    , m_timer(this)
{
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(1);
    connect(&m_timer, &QTimer::timeout, this, &EventProducer::produce);
    connect(&m_server, &QTcpServer::pendingConnectionAvailable, this, &EventProducer::onNewConnection);
}

quint16 EventProducer::listen()
{
    return m_server.listen(QHostAddress::LocalHost, 0) ? m_server.serverPort() : 0;
}

void EventProducer::stop()
{
    m_timer.stop();
}

void EventProducer::onNewConnection()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        if (m_socket) {
            socket->deleteLater(); // one stream only: a reconnection would distort the count
            continue;
        }
        m_socket = socket;
        socket->setParent(this);
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        connect(socket, &QIODevice::readyRead, this, [this] {
            m_request += m_socket->readAll();
            if (m_timer.isActive() || !m_request.contains("\r\n\r\n"))
                return;
            m_socket->write(
                "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n"
                "Connection: close\r\n\r\n");
            m_clock.start();
            m_timer.start();
        });
    }
}

void EventProducer::produce()
{
    const qint64 target = m_clock.elapsed() * m_rate / 1000;
    if (m_socket->bytesToWrite() > maxBacklog) {
        m_heldBackMs.fetch_add(1, std::memory_order_relaxed);
        m_due = target;
        return;
    }
    const qint64 ts = QDateTime::currentMSecsSinceEpoch();
    QByteArray out;
    qint64 n = m_sent.load(std::memory_order_relaxed);
    const qint64 count = target - m_due;
    out.reserve(count * 96);
    for (qint64 i = 0; i < count; ++i, ++n) {
        const qint64 heap = m_values == Values::Sawtooth ? 60'000'000 + (n % 50'000) * 240
                                                         : 60'000'000 + (n * 7919) % 12'000'000;
        const qint64 nonHeap = 36'000'000 + (n % 5000) * 100;
        out += "data:{\"heap\":" + QByteArray::number(heap) + ",\"nonHeap\":" + QByteArray::number(nonHeap) +
               ",\"ts\":" + QByteArray::number(ts) + ",\"identifier\":\"ram_" + QByteArray::number(n) +
               "\"}\n\n";
    }
    m_due = target;
    if (!out.isEmpty())
        m_socket->write(out);
    m_sent.store(n, std::memory_order_relaxed);
}

} // namespace sd::tools
