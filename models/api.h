#pragma once

#include "models/lifecycle.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

namespace sd::models {

/// One channel of a streaming API; an SSE API has the single topic `/*` with verb SUBSCRIBE.
struct Topic
{
    QString target = QStringLiteral("/*");
    QString verb = QStringLiteral("SUBSCRIBE");
    bool operator==(const Topic &) const = default;
};

/// What a publisher fills in to create or edit an API (a dialog or a REST body hands this to the service).
struct ApiDraft
{
    QString name;
    QString context;
    QString version;
    QString productionEndpoint;
    QString sandboxEndpoint; // empty: the production endpoint serves sandbox tokens too
    QStringList plans;
    QList<Topic> topics{Topic{}};
    QString description;
};

/// A streaming API of protocol SSE, as the publisher edits it (the "current API").
struct Api
{
    QString id;
    QString name;
    QString context;
    QString version;
    QString protocol = QStringLiteral("SSE");
    QString productionEndpoint;
    QString sandboxEndpoint;
    QList<Topic> topics{Topic{}};
    QStringList plans;
    QString description;
    LifecycleState state = LifecycleState::Created;
    QString owner;
    QDateTime createdAt;
    QDateTime updatedAt;

    QString sandboxOrProductionEndpoint() const
    {
        return sandboxEndpoint.isEmpty() ? productionEndpoint : sandboxEndpoint;
    }
};

} // namespace sd::models
