#pragma once

#include "models/result.h"

#include <QHostAddress>

class QCommandLineParser;

namespace sd::tools {

/// Command line settings of sse-server, validated.
struct SseServerOptions
{
    qint64 timeMs = 1000;
    double intervalMs = 1000;
    quint16 port = 8080;
    QHostAddress bindAddress{QHostAddress::LocalHost};

    /// Adds --time, --interval, --port and --bind to the parser.
    static void declare(QCommandLineParser &parser);
    /// Reads the options from a parser that has parsed the arguments; the error names the bad option.
    static models::Result<SseServerOptions> read(const QCommandLineParser &parser);
};

} // namespace sd::tools
