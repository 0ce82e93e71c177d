#pragma once

#include <QDateTime>
#include <QString>

namespace sd::models {

/// A revision deployed to a gateway environment and vhost.
struct Deployment
{
    QString apiId;
    QString revisionId;
    QString environment;
    QString vhost;
    bool displayOnDevportal = true;
    QDateTime deployedAt;
};

} // namespace sd::models
