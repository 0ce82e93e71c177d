#include "gateway/events/gatewayevents.h"

#include <QThread>

namespace sd::gateway {

QString GatewayEvent::levelName(Level level)
{
    switch (level) {
    case Level::Info:
        return QStringLiteral("Info");
    case Level::Warning:
        return QStringLiteral("Warning");
    case Level::Error:
        return QStringLiteral("Error");
    }
    return {};
}

GatewayEvent::Level GatewayEvent::levelOf(Kind kind)
{
    switch (kind) {
    case Kind::StreamOpened:
    case Kind::StreamClosed:
        return Level::Info;
    case Kind::Refused:
        return Level::Warning;
    case Kind::BackendFailed:
        return Level::Error;
    }
    return Level::Info;
}

GatewayEvents::GatewayEvents(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<GatewayEvent>();
}

void GatewayEvents::report(const GatewayEvent &event)
{
    // Workers report from their threads; observers hear every report from this object's thread, in order.
    if (thread() != QThread::currentThread()) {
        QMetaObject::invokeMethod(this, [this, event] { Q_EMIT reported(event); });
        return;
    }
    Q_EMIT reported(event);
}

} // namespace sd::gateway
