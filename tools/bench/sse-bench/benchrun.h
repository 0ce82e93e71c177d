#pragma once

#include "gateway/sse/sseparser.h"
#include "gateway/upstream/upstreamconnection.h"
#include "tools/bench/sse-bench/benchoptions.h"

#include <QElapsedTimer>
#include <QMap>
#include <QObject>
#include <QTextStream>
#include <memory>
#include <vector>

namespace sd::tools {

/// Opens every stream at once, then counts events for the measuring window and reports throughput and
/// the delay from each event's "ts" field (milliseconds since the epoch, as sse-server sends it) to its
/// arrival. Emits finished() with the process exit code: 0 when every stream stayed open throughout.
class BenchRun final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BenchRun)

public:
    BenchRun(BenchOptions options, QTextStream &out, QObject *parent = nullptr);
    ~BenchRun() override;

    void start();

Q_SIGNALS:
    void finished(int exitCode);

private:
    struct Stream
    {
        std::unique_ptr<gateway::UpstreamConnection> connection;
        gateway::SseParser parser{gateway::SseParser::defaultMaxBlockSize,
                                  gateway::SseParser::Fields::Text}; // reads each event's timestamp
        QList<gateway::SseEvent> events;
        bool open = false;
        bool ended = false;
    };
    void onHead(Stream &stream, int status, const gateway::HeaderList &headers);
    void onBody(Stream &stream, const QByteArray &bytes);
    void onEnded(Stream &stream, const QString &why);
    void settled();
    void report();

    BenchOptions m_options;
    QTextStream &m_out;
    std::vector<std::unique_ptr<Stream>> m_streams;
    QElapsedTimer m_clock;
    qint64 m_openedAfterMs = -1; // when every stream had answered; measuring starts then
    int m_open = 0;
    int m_failed = 0;
    int m_endedEarly = 0;
    QMap<QString, int> m_failures; // reason -> streams
    qint64 m_events = 0;           // inside the measuring window
    std::vector<qint64> m_delaysMs;
    bool m_measuring = false;
};

} // namespace sd::tools
