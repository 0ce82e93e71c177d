#include "ui/devportal/portalcontext.h"

#include "models/api.h"

namespace sd::ui {

QString PortalContext::suggestedPath(const models::Api &api) const
{
    for (const auto &topic : api.topics) {
        if (!topic.target.contains(u'*') && !topic.target.contains(u'{'))
            return topic.target.startsWith(u'/') ? topic.target : u'/' + topic.target;
    }
    // The sample backend's URL names its one resource (http://127.0.0.1:8080/memory).
    const QUrl sample(status.sampleBackendUrl);
    const QUrl endpoint(api.productionEndpoint);
    const bool endpointIsSample = !status.sampleBackendUrl.isEmpty() && endpoint.isValid() &&
                                  endpoint.port(80) == sample.port(80) &&
                                  (endpoint.path().isEmpty() || endpoint.path() == u"/");
    if (endpointIsSample && !sample.path().isEmpty())
        return sample.path();
    return QStringLiteral("/");
}

QUrl PortalContext::invocationUrl(const models::Api &api, const QString &path, bool https) const
{
    QUrl url(https && !status.gatewayTlsUrl.isEmpty() ? status.gatewayTlsUrl : status.gatewayUrl);
    QString resource = path.trimmed();
    if (!resource.isEmpty() && !resource.startsWith(u'/'))
        resource.prepend(u'/');
    url.setPath(api.context + u'/' + api.version + resource);
    return url;
}

QString PortalContext::curlCommand(const QUrl &url, const QString &token) const
{
    const QString insecure = url.scheme() == u"https" ? QStringLiteral(" -k") : QString();
    return QStringLiteral("curl -N%1 '%2' -H 'Authorization: Bearer %3'")
        .arg(insecure, url.toString(QUrl::FullyEncoded), token);
}

} // namespace sd::ui
