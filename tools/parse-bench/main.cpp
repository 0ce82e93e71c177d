// parse-bench [rounds]: MB/s of 1 MB of sse-server-shaped events (one HTTP chunk per event, as sse-server
// writes a tick) fed in 4 KiB reads through ResponseParser and SseParser, with SseParser keeping the event
// text (Fields::Text) and keeping only block boundaries (Fields::Boundaries, the relay's parser).
#include "gateway/sse/sseparser.h"
#include "gateway/upstream/responseparser.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTextStream>

using namespace sd::gateway;

namespace {

constexpr qsizetype payloadBytes = 1024 * 1024;
constexpr qsizetype readSize = 4 * 1024;

struct Wire
{
    QByteArray bytes;
    qint64 bodyBytes = 0;
    qint64 events = 0;
};

Wire response()
{
    QByteArray wire =
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n";
    qint64 payload = 0;
    qint64 events = 0;
    for (quint64 sequence = 1; payload < payloadBytes; ++sequence, ++events) {
        const QByteArray event = "data:{\"heap\":48213504,\"nonHeap\":7340032,\"ts\":1765027200000,"
                                 "\"identifier\":\"ram_" +
                                 QByteArray::number(sequence) + "\"}\n\n";
        wire += QByteArray::number(event.size(), 16) + "\r\n" + event + "\r\n";
        payload += event.size();
    }
    return Wire{wire + "0\r\n\r\n", payload, events};
}

struct Result
{
    qint64 events = 0;
    qint64 bodyBytes = 0;
};

// One pass over the wire bytes in reads of readSize, the way UpstreamConnection and StreamSession use them.
Result relay(const QByteArray &wire, SseParser::Fields fields)
{
    ResponseParser http(64 * 1024);
    SseParser sse(SseParser::defaultMaxBlockSize, fields);
    QList<SseEvent> blocks;
    Result result;
    for (qsizetype read = 0; read < wire.size(); read += readSize) {
        const QByteArray input = wire.mid(read, readSize); // a socket read is a buffer of its own
        qsizetype offset = 0;
        while (offset < input.size() && !http.hasFailed() && !http.isComplete()) {
            offset += http.feed(input, offset);
            if (http.takeHeadComplete()) {
                http.takeHeaders();
                continue;
            }
            const QByteArray body = http.takeBody();
            if (body.isEmpty())
                continue;
            result.bodyBytes += body.size();
            blocks.clear();
            if (!sse.feed(body, blocks))
                return {};
            for (const auto &block : std::as_const(blocks))
                result.events += block.dispatched ? 1 : 0;
        }
    }
    return result;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int rounds = argc > 1 ? QString::fromLocal8Bit(argv[1]).toInt() : 200;
    const Wire wire = response();
    QTextStream out(stdout);
    out << "SseParser fields  MB/s (wire)  events/s\n";
    for (const auto &[name, fields] :
         {std::pair{QStringLiteral("Text"), SseParser::Fields::Text},
          std::pair{QStringLiteral("Boundaries"), SseParser::Fields::Boundaries}}) {
        relay(wire.bytes, fields); // warm up
        QElapsedTimer timer;
        timer.start();
        qint64 events = 0;
        qint64 body = 0;
        for (int i = 0; i < rounds; ++i) {
            const auto result = relay(wire.bytes, fields);
            events += result.events;
            body += result.bodyBytes;
        }
        const double seconds = double(timer.nsecsElapsed()) / 1e9;
        if (body != rounds * wire.bodyBytes || events != rounds * wire.events) {
            QTextStream(stderr) << "parse failed\n";
            return 1;
        }
        out << qSetFieldWidth(18) << Qt::left << name << qSetFieldWidth(13)
            << QString::number(double(wire.bytes.size()) * rounds / seconds / 1e6, 'f', 1)
            << qSetFieldWidth(0) << qRound64(double(events) / seconds) << '\n';
        out.flush();
    }
    return 0;
}
