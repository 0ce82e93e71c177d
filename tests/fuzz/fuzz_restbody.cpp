// The management REST API's request-body handling on arbitrary bytes: RestCall's JSON parsing, then every
// mapping and validation a handler applies to a body (publisher API create/update/import, deployment
// entries, developer-portal applications, keys and subscriptions, admin users). Checks that every refusal
// is a Validation error with a message, that overlaying a body twice changes nothing, and that a valid API
// survives the round trip through the publisher JSON and through an AsyncAPI export.
#include "fuzzsupport.h"
#include "gateway/rest/asyncapidocument.h"
#include "gateway/rest/jsonmapping.h"
#include "gateway/rest/restcall.h"
#include "models/validator.h"

#include <QJsonDocument>

using namespace sd::gateway;
using namespace Qt::StringLiterals;
namespace models = sd::models;

namespace {

template <typename T> bool checked(const models::Result<T> &result)
{
    if (!result)
        FUZZ_CHECK(result.error().kind == models::Error::Kind::Validation &&
                   !result.error().message.isEmpty());
    return result.ok();
}

bool checked(const models::Status &status)
{
    return checked<models::Done>(status);
}

bool sameDraft(const models::ApiDraft &a, const models::ApiDraft &b)
{
    return a.name == b.name && a.context == b.context && a.version == b.version &&
           a.productionEndpoint == b.productionEndpoint && a.sandboxEndpoint == b.sandboxEndpoint &&
           a.plans == b.plans && a.topics == b.topics && a.description == b.description;
}

models::Api apiOf(const models::ApiDraft &draft)
{
    models::Api api;
    api.id = u"0b3c5c1e-0000-4000-8000-000000000001"_s;
    api.name = draft.name;
    api.context = draft.context;
    api.version = draft.version;
    api.productionEndpoint = draft.productionEndpoint;
    api.sandboxEndpoint = draft.sandboxEndpoint;
    api.topics = draft.topics;
    api.plans = draft.plans;
    api.description = draft.description;
    api.owner = u"creator"_s;
    api.createdAt = api.updatedAt = QDateTime::fromSecsSinceEpoch(1767225600, Qt::UTC);
    return api;
}

// POST/PUT /apis, and the overrides of import-asyncapi.
void apiBody(const QJsonObject &body)
{
    const auto draft = JsonMapping::apiDraft(body, {});
    if (!checked(draft))
        return;
    const auto again = JsonMapping::apiDraft(body, draft.value());
    FUZZ_CHECK(again.ok() && sameDraft(again.value(), draft.value()));
    if (!checked(models::Validator::apiDraft(draft.value())))
        return;
    const models::Api api = apiOf(draft.value());
    const auto published = JsonMapping::apiDraft(JsonMapping::api(api), {});
    FUZZ_CHECK(published.ok() && sameDraft(published.value(), draft.value()));
    FUZZ_CHECK(sameDraft(JsonMapping::draftOf(api), draft.value()));
}

// POST /apis/import-asyncapi: the document itself, or wrapped with additionalProperties.
void asyncApiBody(const QByteArray &text, const QJsonObject &body)
{
    auto document = AsyncApiDocument::parse(text);
    if (const QJsonValue wrapped = body.value(u"asyncapi"_s); wrapped.isObject())
        document = AsyncApiDocument::toDraft(wrapped.toObject());
    else if (wrapped.isString())
        document = AsyncApiDocument::parse(wrapped.toString().toUtf8());
    if (!checked(document))
        return;
    auto draft = JsonMapping::apiDraft(body.value(u"additionalProperties"_s).toObject(), document.value());
    if (!checked(draft) || !checked(models::Validator::apiDraft(draft.value())))
        return;
    // Without an endpoint the export has only gateway servers, which an import takes as the backend
    // (docs/rest-api.md says so).
    if (draft->productionEndpoint.isEmpty())
        return;
    const QJsonObject exported =
        AsyncApiDocument::fromApi(apiOf(draft.value()), u"localhost"_s, {8280, 8243});
    const auto imported = AsyncApiDocument::toDraft(exported);
    FUZZ_CHECK(imported.ok() && sameDraft(imported.value(), draft.value()));
}

// POST/PUT /applications and what the developer portal and admin handlers read from their bodies.
void portalAndAdminBodies(const QJsonObject &body)
{
    if (const auto application = JsonMapping::applicationDraft(body); checked(application))
        checked(models::Validator::applicationName(application->name));
    checked(JsonMapping::stringList(body, u"grantTypesToBeSupported"_s, {}));
    checked(JsonMapping::integer(body, u"validityTime"_s, 3600));
    checked(JsonMapping::integer(body, u"validityPeriod"_s, 0));
    checked(JsonMapping::stringList(body, u"scopes"_s, {}));
    for (const QString &key : {u"keyType"_s, u"consumerSecret"_s, u"applicationId"_s, u"apiId"_s,
                               u"throttlingPolicy"_s, u"description"_s})
        checked(JsonMapping::string(body, key, {}));
    if (const auto name = JsonMapping::string(body, u"name"_s, {}); checked(name))
        checked(models::Validator::userName(name.value()));
    if (const auto password = JsonMapping::string(body, u"password"_s, {}); checked(password))
        checked(models::Validator::password(password.value()));
    if (const auto roles = JsonMapping::stringList(body, u"roles"_s, {}); checked(roles)) {
        bool ok = false;
        const models::Roles parsed = models::User::rolesFromNames(roles.value(), &ok);
        FUZZ_CHECK(!ok || models::User::rolesFromNames(models::User::roleNames(parsed)) == parsed);
    }
}

// POST deploy-revision / undeploy-revision: [{"name","vhost","displayOnDevportal"}].
void environmentEntries(const QJsonArray &entries)
{
    for (const QJsonValue &entry : entries) {
        const QJsonObject object = entry.toObject();
        checked(JsonMapping::string(object, u"name"_s, {}));
        checked(JsonMapping::string(object, u"vhost"_s, {}));
        checked(JsonMapping::boolean(object, u"displayOnDevportal"_s, true));
    }
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    sd::fuzz::silenceLogging();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ApiRequest request;
    request.method = "POST";
    request.body = QByteArray(reinterpret_cast<const char *>(data), qsizetype(size));
    const RestCall call(request, models::User{});
    const auto object = call.jsonObject();
    const auto array = call.jsonArray();
    checked(object);
    checked(array);
    FUZZ_CHECK(!(object.ok() && array.ok()));
    if (checked(call.jsonObject(true)) && !object.ok())
        FUZZ_CHECK(request.body.trimmed().isEmpty());
    if (array.ok())
        environmentEntries(array.value());
    if (!object.ok())
        return 0;
    apiBody(object.value());
    asyncApiBody(request.body, object.value());
    portalAndAdminBodies(object.value());
    return 0;
}
