#pragma once

#include "gateway/client/sseclient.h"
#include "models/result.h"

#include <QCoreApplication>

namespace sd::ui {

/// Writes events as JSON Lines: one object per line with receivedAt (ISO 8601, UTC, milliseconds), type,
/// id and data. Safe to call off the GUI thread.
class EventExport final
{
    Q_DECLARE_TR_FUNCTIONS(sd::ui::EventExport)

public:
    EventExport() = delete;

    static QByteArray toJsonLines(const QList<gateway::ReceivedEvent> &events);
    /// Replaces the file at `path` (atomically); the number of lines written.
    static models::Result<int> write(const QString &path, const QList<gateway::ReceivedEvent> &events);
};

} // namespace sd::ui
