#include "ui/publisher/apidefinitiontext.h"

#include "gateway/rest/asyncapidocument.h"
#include "models/publisherservice.h"

#include <QJsonDocument>
#include <QUrl>

namespace sd::ui {

namespace {

quint16 portOf(const QString &url)
{
    const QUrl parsed(url);
    return parsed.isValid() && parsed.port() > 0 ? static_cast<quint16>(parsed.port()) : 0;
}

} // namespace

QString ApiDefinitionText::of(const models::PublisherService *publisher, const models::Api &api,
                              const ConsoleStatus &status)
{
    const auto deployments = publisher->deployments(api.id);
    const auto host = deployments.isEmpty() ? QStringLiteral("localhost") : deployments.first().vhost;
    const gateway::GatewayPorts ports{portOf(status.gatewayUrl), portOf(status.gatewayTlsUrl)};
    const auto document = gateway::AsyncApiDocument::fromApi(api, host, ports);
    return QString::fromUtf8(QJsonDocument(document).toJson(QJsonDocument::Indented));
}

} // namespace sd::ui
