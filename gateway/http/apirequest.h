#pragma once

#include "gateway/upstream/upstreamrequest.h"

#include <QString>

namespace sd::gateway {

/// A request as the management handlers see it.
struct ApiRequest
{
    QByteArray method;
    QString path; // the decoded URL path
    QUrl url;
    HeaderList headers;
    QByteArray body;
    QString remoteAddress;

    QByteArray header(QByteArrayView name) const;
};

} // namespace sd::gateway
