#pragma once

#include <QDateTime>
#include <QMetaType>
#include <QString>

namespace sd::gateway {

/// One thing the gateway did that an operator may want to see: a stream opened or closed, or a request
/// answered with an error instead of a stream.
struct GatewayEvent
{
    enum class Kind { StreamOpened, StreamClosed, Refused, BackendFailed };
    enum class Level { Info, Warning, Error };

    Kind kind = Kind::Refused;
    Level level = Level::Info;
    QDateTime time;
    QString client; // remote address
    QString method;
    QString path;
    int httpStatus = 0;
    QString code; // WSO2's code (900902, 700700, 101503...) for refusals and failures
    QString message;
    QString apiId; // empty when no API matched
    QString apiName;
    quint64 streamId = 0; // the StreamMonitor id, for stream events

    static QString levelName(Level level);
    /// Info for stream events, Warning for refusals, Error for backend failures.
    static Level levelOf(Kind kind);
};

} // namespace sd::gateway

Q_DECLARE_METATYPE(sd::gateway::GatewayEvent)
