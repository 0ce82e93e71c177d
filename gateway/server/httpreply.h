#pragma once

#include "gateway/server/apirequest.h"

#include <QJsonValue>

namespace sd::gateway {

/// A complete, non-streaming HTTP answer, built by the management handlers and written by the server.
struct HttpReply
{
    int status = 200;
    HeaderList headers;
    QByteArray contentType;
    QByteArray body;
    int delayMs = 0; // answer later: slows down password guessing

    static HttpReply json(int status, const QJsonValue &value);
    /// `{"code":N,"message":...,"description":...}`, the management API's error shape.
    static HttpReply error(int status, const QString &message, const QString &description);
    static HttpReply empty(int status);
};

} // namespace sd::gateway
