#include "models/storecodec.h"

#include "models/lifecycle.h"

#include <QJsonDocument>

namespace sd::models {

QString StoreCodec::isoNow()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}

QString StoreCodec::iso(const QDateTime &dt)
{
    return dt.toUTC().toString(Qt::ISODateWithMs);
}

QDateTime StoreCodec::fromIso(const QVariant &v)
{
    return QDateTime::fromString(v.toString(), Qt::ISODateWithMs).toUTC();
}

QString StoreCodec::jsonText(const QJsonArray &array)
{
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

QString StoreCodec::jsonText(const QStringList &list)
{
    return jsonText(QJsonArray::fromStringList(list));
}

QJsonArray StoreCodec::jsonArray(const QVariant &v)
{
    return QJsonDocument::fromJson(v.toString().toUtf8()).array();
}

QStringList StoreCodec::stringList(const QJsonArray &array)
{
    QStringList list;
    for (const auto &v : array)
        list << v.toString();
    return list;
}

QJsonArray StoreCodec::topicsToJson(const QList<Topic> &topics)
{
    QJsonArray array;
    for (const auto &t : topics)
        array.append(QJsonObject{{QStringLiteral("target"), t.target}, {QStringLiteral("verb"), t.verb}});
    return array;
}

QList<Topic> StoreCodec::topicsFromJson(const QJsonArray &array)
{
    QList<Topic> topics;
    for (const auto &v : array) {
        const auto o = v.toObject();
        topics << Topic{o.value(QStringLiteral("target")).toString(),
                        o.value(QStringLiteral("verb")).toString()};
    }
    return topics;
}

QString StoreCodec::apiSnapshot(const Api &api)
{
    const QJsonObject o{{QStringLiteral("id"), api.id},
                        {QStringLiteral("name"), api.name},
                        {QStringLiteral("context"), api.context},
                        {QStringLiteral("version"), api.version},
                        {QStringLiteral("protocol"), api.protocol},
                        {QStringLiteral("productionEndpoint"), api.productionEndpoint},
                        {QStringLiteral("sandboxEndpoint"), api.sandboxEndpoint},
                        {QStringLiteral("topics"), topicsToJson(api.topics)},
                        {QStringLiteral("plans"), QJsonArray::fromStringList(api.plans)},
                        {QStringLiteral("description"), api.description},
                        {QStringLiteral("state"), Lifecycle::stateName(api.state)},
                        {QStringLiteral("owner"), api.owner},
                        {QStringLiteral("createdAt"), iso(api.createdAt)},
                        {QStringLiteral("updatedAt"), iso(api.updatedAt)}};
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

Api StoreCodec::apiFromSnapshot(const QVariant &v)
{
    const auto o = QJsonDocument::fromJson(v.toString().toUtf8()).object();
    Api api;
    api.id = o.value(QStringLiteral("id")).toString();
    api.name = o.value(QStringLiteral("name")).toString();
    api.context = o.value(QStringLiteral("context")).toString();
    api.version = o.value(QStringLiteral("version")).toString();
    api.protocol = o.value(QStringLiteral("protocol")).toString();
    api.productionEndpoint = o.value(QStringLiteral("productionEndpoint")).toString();
    api.sandboxEndpoint = o.value(QStringLiteral("sandboxEndpoint")).toString();
    api.topics = topicsFromJson(o.value(QStringLiteral("topics")).toArray());
    api.plans = stringList(o.value(QStringLiteral("plans")).toArray());
    api.description = o.value(QStringLiteral("description")).toString();
    api.state = Lifecycle::stateFromName(o.value(QStringLiteral("state")).toString())
                    .value_or(LifecycleState::Created);
    api.owner = o.value(QStringLiteral("owner")).toString();
    api.createdAt = fromIso(o.value(QStringLiteral("createdAt")).toString());
    api.updatedAt = fromIso(o.value(QStringLiteral("updatedAt")).toString());
    return api;
}

} // namespace sd::models
