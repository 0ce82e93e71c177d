#include "tools/bench/sse-bench/benchrun.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>
#include <algorithm>

namespace sd::tools {

BenchRun::BenchRun(BenchOptions options, QTextStream &out, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_out(out)
{}

BenchRun::~BenchRun() = default;

void BenchRun::start()
{
    m_clock.start();
    m_streams.reserve(m_options.clients);
    for (int i = 0; i < m_options.clients; ++i) {
        auto stream = std::make_unique<Stream>();
        stream->connection = std::make_unique<gateway::UpstreamConnection>();
        auto *s = stream.get();
        connect(s->connection.get(), &gateway::UpstreamConnection::responseHead, this,
                [this, s](int status, const gateway::HeaderList &headers) { onHead(*s, status, headers); });
        connect(s->connection.get(), &gateway::UpstreamConnection::bodyData, this,
                [this, s](const QByteArray &bytes) { onBody(*s, bytes); });
        connect(s->connection.get(), &gateway::UpstreamConnection::finished, this,
                [this, s] { onEnded(*s, QStringLiteral("stream ended")); });
        connect(
            s->connection.get(), &gateway::UpstreamConnection::failed, this,
            [this, s](gateway::UpstreamConnection::Error, const QString &detail) { onEnded(*s, detail); });
        m_streams.push_back(std::move(stream));
    }
    // Connected after every object exists, so an immediate failure cannot settle the run early.
    for (const auto &stream : m_streams)
        stream->connection->start(m_options.request);
}

void BenchRun::onHead(Stream &stream, int status, const gateway::HeaderList &headers)
{
    QByteArray contentType;
    for (const auto &[name, value] : headers) {
        if (name.compare("content-type", Qt::CaseInsensitive) == 0)
            contentType = value;
    }
    if (status != 200 || !gateway::UpstreamConnection::isEventStream(contentType)) {
        stream.connection->close();
        onEnded(stream, QStringLiteral("HTTP %1 %2").arg(status).arg(QString::fromLatin1(contentType)));
        return;
    }
    stream.open = true;
    ++m_open;
    settled();
}

void BenchRun::onBody(Stream &stream, const QByteArray &bytes)
{
    const auto arrivedMs = QDateTime::currentMSecsSinceEpoch();
    stream.events.clear();
    if (!stream.parser.feed(bytes, stream.events)) {
        stream.connection->close();
        onEnded(stream, QStringLiteral("malformed event stream"));
        return;
    }
    if (!m_measuring)
        return;
    for (const auto &event : std::as_const(stream.events)) {
        if (!event.dispatched)
            continue;
        ++m_events;
        const auto ts = QJsonDocument::fromJson(event.data.toUtf8()).object().value(QStringLiteral("ts"));
        if (ts.isDouble())
            m_delaysMs.push_back(arrivedMs - qint64(ts.toDouble()));
    }
}

void BenchRun::onEnded(Stream &stream, const QString &why)
{
    if (stream.ended)
        return;
    stream.ended = true;
    if (stream.open) {
        // A stream that ends while others are still being opened or measured spoils the numbers.
        if (m_openedAfterMs < 0 || m_measuring) {
            ++m_endedEarly;
            ++m_failures[why];
        }
        return;
    }
    ++m_failed;
    ++m_failures[why];
    settled();
}

void BenchRun::settled()
{
    if (m_openedAfterMs >= 0 || m_open + m_failed < m_options.clients)
        return;
    m_openedAfterMs = m_clock.elapsed();
    m_out << "sse-bench: " << m_open << " of " << m_options.clients << " streams open (" << m_failed
          << " failed) after " << m_openedAfterMs << " ms" << Qt::endl;
    if (m_open == 0) {
        report();
        return;
    }
    m_measuring = true;
    m_clock.restart();
    QTimer::singleShot(m_options.durationMs, this, &BenchRun::report);
}

void BenchRun::report()
{
    m_measuring = false;
    const double seconds = qMax<qint64>(1, m_clock.elapsed()) / 1000.0;
    m_out << "sse-bench: " << m_events << " events in " << QString::number(seconds, 'f', 1)
          << " s: " << QString::number(m_events / seconds, 'f', 0) << " events/s over " << m_open
          << " streams" << Qt::endl;
    if (!m_delaysMs.empty()) {
        std::sort(m_delaysMs.begin(), m_delaysMs.end());
        const auto at = [this](double q) { return m_delaysMs[size_t(q * double(m_delaysMs.size() - 1))]; };
        m_out << "sse-bench: delay from \"ts\" to arrival, ms: p50 " << at(0.5) << "  p90 " << at(0.9)
              << "  p99 " << at(0.99) << "  max " << m_delaysMs.back() << Qt::endl;
    }
    for (auto it = m_failures.cbegin(); it != m_failures.cend(); ++it)
        m_out << "sse-bench: " << it.value() << " streams: " << it.key() << Qt::endl;
    if (m_endedEarly > 0)
        m_out << "sse-bench: " << m_endedEarly << " streams ended before the measurement did" << Qt::endl;
    for (const auto &stream : m_streams)
        stream->connection->close();
    Q_EMIT finished(m_failed == 0 && m_endedEarly == 0 ? 0 : 1);
}

} // namespace sd::tools
