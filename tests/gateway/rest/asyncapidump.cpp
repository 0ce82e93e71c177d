// Prints the AsyncAPI document of a sample API, for the schema check in validate_asyncapi.py.
#include "gateway/rest/asyncapidocument.h"

#include <QJsonDocument>
#include <cstdio>

using namespace Qt::StringLiterals;

int main()
{
    sd::models::Api api;
    api.id = u"sample"_s;
    api.name = u"Observer"_s;
    api.context = u"/observer"_s;
    api.version = u"1.0.0"_s;
    api.description = u"Memory events"_s;
    api.productionEndpoint = u"http://localhost:8080"_s;
    api.sandboxEndpoint = u"http://localhost:8081"_s;
    api.plans = {u"AsyncGold"_s, u"AsyncSilver"_s};
    api.topics = {sd::models::Topic{}, sd::models::Topic{u"/memory"_s}};
    const auto document =
        sd::gateway::AsyncApiDocument::fromApi(api, u"localhost"_s, sd::gateway::GatewayPorts{8280, 8243});
    std::fputs(QJsonDocument(document).toJson().constData(), stdout);
    return 0;
}
