#pragma once

#include "gateway/events/gatewayevent.h"

#include <QObject>

namespace sd::gateway {

/// Where the gateway reports refused requests, backend failures and streams opened and closed. Keeps no
/// state: report() may be called from any thread; reported() is always emitted on this object's thread.
class GatewayEvents final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GatewayEvents)

public:
    explicit GatewayEvents(QObject *parent = nullptr);

    void report(const GatewayEvent &event);

Q_SIGNALS:
    void reported(const sd::gateway::GatewayEvent &event);
};

} // namespace sd::gateway
