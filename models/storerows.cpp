#include "models/storerows.h"

#include "models/storecodec.h"
#include "models/storequery.h"

namespace sd::models {

QString StoreRows::apiColumns()
{
    return QStringLiteral(
        "id, name, context, version, protocol, production_endpoint, sandbox_endpoint, topics,"
        " plans, state, owner, created_at, updated_at, description");
}

Api StoreRows::api(const StoreQuery &q)
{
    Api api;
    api.id = q.value(0).toString();
    api.name = q.value(1).toString();
    api.context = q.value(2).toString();
    api.version = q.value(3).toString();
    api.protocol = q.value(4).toString();
    api.productionEndpoint = q.value(5).toString();
    api.sandboxEndpoint = q.value(6).toString();
    api.topics = StoreCodec::topicsFromJson(StoreCodec::jsonArray(q.value(7)));
    api.plans = StoreCodec::stringList(StoreCodec::jsonArray(q.value(8)));
    api.state = Lifecycle::stateFromName(q.value(9).toString()).value_or(LifecycleState::Created);
    api.owner = q.value(10).toString();
    api.createdAt = StoreCodec::fromIso(q.value(11));
    api.updatedAt = StoreCodec::fromIso(q.value(12));
    api.description = q.value(13).toString();
    return api;
}

QString StoreRows::revisionColumns()
{
    return QStringLiteral("id, api_id, number, description, snapshot, created_at");
}

Revision StoreRows::revision(const StoreQuery &q)
{
    return Revision{q.value(0).toString(),
                    q.value(1).toString(),
                    q.value(2).toInt(),
                    q.value(3).toString(),
                    StoreCodec::apiFromSnapshot(q.value(4)),
                    StoreCodec::fromIso(q.value(5))};
}

QString StoreRows::deploymentColumns()
{
    return QStringLiteral("api_id, revision_id, environment, vhost, display_on_devportal, deployed_at");
}

Deployment StoreRows::deployment(const StoreQuery &q)
{
    return Deployment{q.value(0).toString(), q.value(1).toString(), q.value(2).toString(),
                      q.value(3).toString(), q.value(4).toBool(),   StoreCodec::fromIso(q.value(5))};
}

QString StoreRows::applicationColumns()
{
    return QStringLiteral("id, owner, name, quota, description, token_type, created_at");
}

Application StoreRows::application(const StoreQuery &q)
{
    return Application{
        q.value(0).toString(),          q.value(1).toString(),
        q.value(2).toString(),          q.value(3).toString(),
        q.value(4).toString(),          q.value(5).toString() == u"OAUTH" ? TokenType::OAuth : TokenType::Jwt,
        StoreCodec::fromIso(q.value(6))};
}

QString StoreRows::keySetColumns()
{
    return QStringLiteral(
        "id, application_id, key_type, consumer_key, secret_hash, grant_types, validity_seconds");
}

KeySet StoreRows::keySet(const StoreQuery &q)
{
    return KeySet{q.value(0).toString(),
                  q.value(1).toString(),
                  q.value(2).toString() == u"SANDBOX" ? KeyType::Sandbox : KeyType::Production,
                  q.value(3).toString(),
                  q.value(4).toString(),
                  StoreCodec::stringList(StoreCodec::jsonArray(q.value(5))),
                  q.value(6).toLongLong()};
}

QString StoreRows::subscriptionColumns()
{
    return QStringLiteral("id, application_id, api_id, plan, status, created_at");
}

Subscription StoreRows::subscription(const StoreQuery &q)
{
    return Subscription{
        q.value(0).toString(),
        q.value(1).toString(),
        q.value(2).toString(),
        q.value(3).toString(),
        Subscription::statusFromName(q.value(4).toString()).value_or(SubscriptionStatus::Blocked),
        StoreCodec::fromIso(q.value(5))};
}

QString StoreRows::tokenColumns()
{
    return QStringLiteral("jti, key_set_id, token_hash, issued_at, expires_at, revoked");
}

IssuedToken StoreRows::token(const StoreQuery &q)
{
    return IssuedToken{q.value(0).toString(),           q.value(1).toString(),
                       q.value(2).toByteArray(),        StoreCodec::fromIso(q.value(3)),
                       StoreCodec::fromIso(q.value(4)), q.value(5).toBool()};
}

} // namespace sd::models
