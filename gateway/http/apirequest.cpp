#include "gateway/http/apirequest.h"

namespace sd::gateway {

QByteArray ApiRequest::header(QByteArrayView name) const
{
    for (const auto &[n, v] : headers) {
        if (QByteArrayView(n).compare(name, Qt::CaseInsensitive) == 0)
            return v;
    }
    return {};
}

} // namespace sd::gateway
