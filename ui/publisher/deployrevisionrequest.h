#pragma once

#include <QList>
#include <QString>

namespace sd::ui {

/// One gateway environment a new revision goes to.
struct DeployTarget
{
    QString environment;
    QString vhost;
};

/// What the Deploy New Revision dialog asks for; the deployments page hands it to the publisher service.
struct DeployRevisionRequest
{
    QString description;
    QList<DeployTarget> targets;
    QString revisionToDelete; // at the revision limit: deleted first
};

} // namespace sd::ui
