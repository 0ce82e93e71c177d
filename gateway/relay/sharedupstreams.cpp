#include "gateway/relay/sharedupstreams.h"

#include "gateway/relay/sharedupstream.h"
#include "gateway/relay/sharedupstreamtap.h"
#include "gateway/routing/routetable.h"

namespace sd::gateway {

SharedUpstreams::SharedUpstreams(const QStringList &apis, std::function<void()> upstreamClosed)
    : m_upstreamClosed(std::move(upstreamClosed))
{
    for (const auto &api : apis) {
        if (!api.trimmed().isEmpty())
            m_apis.insert(normalised(api.trimmed()));
    }
}

SharedUpstreams::~SharedUpstreams()
{
    for (auto *shared : std::as_const(m_upstreams)) {
        delete shared;
        m_upstreamClosed();
    }
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

QByteArray SharedUpstreams::keyOf(const QString &apiId, const UpstreamRequest &request)
{
    QByteArray key = apiId.toUtf8();
    key.append('\n').append(request.url.toEncoded());
    return key;
}

bool SharedUpstreams::opens(const QString &apiId, const UpstreamRequest &request) const
{
    return !m_upstreams.contains(keyOf(apiId, request));
}

std::unique_ptr<UpstreamSource> SharedUpstreams::tap(const QString &apiId, const UpstreamRequest &request,
                                                     qsizetype maxEventBytes)
{
    const auto key = keyOf(apiId, request);
    auto *shared = m_upstreams.value(key);
    if (!shared) {
        shared = new SharedUpstream(key, request, maxEventBytes);
        m_upstreams.insert(key, shared);
        QObject::connect(shared, &SharedUpstream::released, shared, [this, shared] {
            m_upstreams.remove(shared->key());
            shared->deleteLater();
            m_upstreamClosed();
        });
    }
    return std::make_unique<SharedUpstreamTap>(shared);
}

} // namespace sd::gateway
