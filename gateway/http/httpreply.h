#pragma once

#include "gateway/http/apirequest.h"

#include <QJsonValue>
#include <functional>

namespace sd::gateway {

/// A complete, non-streaming HTTP answer, built by the management handlers and written by the server.
struct HttpReply
{
    int status = 200;
    HeaderList headers;
    QByteArray contentType;
    QByteArray body;
    int delayMs = 0; // answer later: slows down password guessing
    /// Set when slow crypto (PBKDF2, RSA signing) must run before the answer is known: the server runs it
    /// on a worker thread, then the function it returns on its own thread, which gives the answer.
    std::function<std::function<HttpReply()>()> deferred;

    static HttpReply json(int status, const QJsonValue &value);
    /// `{"code":N,"message":...,"description":...}`, the management API's error shape.
    static HttpReply error(int status, const QString &message, const QString &description);
    static HttpReply empty(int status);
};

} // namespace sd::gateway
