#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QUrl>
#include <utility>

namespace sd::gateway {

/// What a stream viewer connects to: filled by the portal's Try Out, the wizard's last step, an
/// application's token or File > New Stream, and handed to SseClient.
struct StreamRequest
{
    QUrl url;
    QByteArray method = QByteArrayLiteral("GET"); // GET, or POST with a body (LLM-style streams)
    QList<std::pair<QByteArray, QByteArray>> headers;
    QByteArray body;     // sent with POST only
    QString lastEventId; // sent as Last-Event-ID on the first connection when not empty
    QString title;       // the viewer tab's title; empty: the URL's path

    /// Sets (or replaces) the Authorization header to "Bearer <token>".
    void setBearerToken(const QString &token);
    QByteArray header(QByteArrayView name) const;
};

} // namespace sd::gateway
