#include "gateway/relay/sharedupstreams.h"

#include "gateway/relay/sharedupstream.h"
#include "gateway/relay/sharedupstreamtap.h"
#include "gateway/routing/routetable.h"

namespace sd::gateway {

SharedUpstreams::SharedUpstreams(const QStringList &apis)
{
    for (const auto &api : apis) {
        if (!api.trimmed().isEmpty())
            m_apis.insert(normalised(api.trimmed()));
    }
}

SharedUpstreams::~SharedUpstreams()
{
    qDeleteAll(m_upstreams);
}

QString SharedUpstreams::normalised(QString contextVersion)
{
    while (contextVersion.startsWith(u'/'))
        contextVersion.remove(0, 1);
    return contextVersion;
}

bool SharedUpstreams::shares(const Route &route, bool resumes) const
{
    return !resumes && !m_apis.isEmpty() && m_apis.contains(normalised(route.context + u'/' + route.version));
}

std::unique_ptr<UpstreamSource> SharedUpstreams::tap(const QString &apiId, const UpstreamRequest &request,
                                                     qsizetype maxEventBytes)
{
    QByteArray key = apiId.toUtf8();
    key.append('\n').append(request.url.toEncoded());
    auto *shared = m_upstreams.value(key);
    if (!shared) {
        shared = new SharedUpstream(key, request, maxEventBytes);
        m_upstreams.insert(key, shared);
        QObject::connect(shared, &SharedUpstream::released, shared, [this, shared] {
            m_upstreams.remove(shared->key());
            shared->deleteLater();
        });
    }
    return std::make_unique<SharedUpstreamTap>(shared);
}

} // namespace sd::gateway
