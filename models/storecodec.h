#pragma once

#include "models/api.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QVariant>

namespace sd::models {

/// How values that SQLite has no type for are kept in columns: times as ISO 8601 text in UTC, lists as
/// JSON arrays, a revision's API snapshot as a JSON object.
class StoreCodec final
{
public:
    static QString isoNow();
    static QString iso(const QDateTime &dt);
    static QDateTime fromIso(const QVariant &v);

    static QString jsonText(const QJsonArray &array);
    static QString jsonText(const QStringList &list);
    static QJsonArray jsonArray(const QVariant &v);
    static QStringList stringList(const QJsonArray &array);
    static QJsonArray topicsToJson(const QList<Topic> &topics);
    static QList<Topic> topicsFromJson(const QJsonArray &array);
    static QString apiSnapshot(const Api &api);
    static Api apiFromSnapshot(const QVariant &v);
};

} // namespace sd::models
