#include "ui/viewer/eventexport.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace sd::ui {

QByteArray EventExport::toJsonLines(const QList<gateway::ReceivedEvent> &events)
{
    QByteArray lines;
    for (const auto &received : events) {
        const QJsonObject object{
            {QStringLiteral("receivedAt"), received.receivedAt.toUTC().toString(Qt::ISODateWithMs)},
            {QStringLiteral("type"), received.event.type},
            {QStringLiteral("id"), received.event.lastEventId},
            {QStringLiteral("data"), received.event.data},
        };
        lines += QJsonDocument(object).toJson(QJsonDocument::Compact);
        lines += '\n';
    }
    return lines;
}

models::Result<int> EventExport::write(const QString &path, const QList<gateway::ReceivedEvent> &events)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(toJsonLines(events)) < 0 || !file.commit()) {
        return models::storageError(
            tr("Could not write %1: %2. Choose a folder you can write to.").arg(path, file.errorString()));
    }
    return int(events.size());
}

} // namespace sd::ui
