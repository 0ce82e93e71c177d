#pragma once

#include "gateway/upstream/upstreamrequest.h"

#include <QStringList>

namespace sd::gateway {

/// Which browser origins may read the gateway's streams, and the CORS headers that say so.
class CorsPolicy final
{
public:
    /// `origins`: allowed origins; "*" allows any origin, without credentials.
    explicit CorsPolicy(QStringList origins);

    /// The headers of an answer to a request from `origin`; none when it sent none or is not allowed.
    HeaderList headersFor(QByteArrayView origin) const;
    /// A preflight's answer headers, given headersFor() of its origin.
    static HeaderList preflight(const HeaderList &cors);

private:
    QStringList m_origins;
    bool m_any;
};

} // namespace sd::gateway
