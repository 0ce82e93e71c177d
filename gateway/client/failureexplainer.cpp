#include "gateway/client/failureexplainer.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

using namespace Qt::StringLiterals;

namespace sd::gateway {

namespace {

QByteArray headerValue(const FailureExplainer::Headers &headers, QByteArrayView name)
{
    for (const auto &[key, value] : headers) {
        if (QByteArrayView(key).compare(name, Qt::CaseInsensitive) == 0)
            return value.trimmed();
    }
    return {};
}

// Retry-After is either seconds or an HTTP date (RFC 9110 section 10.2.3).
std::optional<QDateTime> retryAt(const FailureExplainer::Headers &headers, const QDateTime &now)
{
    const QByteArray value = headerValue(headers, "Retry-After");
    bool ok = false;
    const qint64 seconds = value.toLongLong(&ok);
    if (ok && seconds >= 0)
        return now.addSecs(seconds);
    // HTTP dates end in "GMT", which Qt's RFC 2822 parser wants as an offset.
    QString text = QString::fromLatin1(value);
    if (text.endsWith(u" GMT"_s))
        text = text.chopped(3) + u"+0000"_s;
    const QDateTime date = QDateTime::fromString(text, Qt::RFC2822Date);
    if (date.isValid())
        return date;
    return std::nullopt;
}

QString localTime(const QDateTime &when, const QDateTime &now)
{
    const QDateTime local = when.toLocalTime();
    const QLocale locale;
    if (local.date() == now.toLocalTime().date())
        return locale.toString(local.time(), QLocale::ShortFormat);
    return locale.toString(local, QLocale::ShortFormat);
}

} // namespace

StreamFailure FailureExplainer::httpResponse(int status, const Headers &headers, const QByteArray &body,
                                             const QDateTime &now)
{
    StreamFailure f;
    f.httpStatus = status;
    f.body = body.left(maxBodySize);
    const QJsonObject json = QJsonDocument::fromJson(f.body).object();
    const QJsonValue code = json.value(QLatin1String("code"));
    f.code = code.isDouble() ? QString::number(code.toInteger()) : code.toString();
    const QString description = json.value(QLatin1String("description")).toString();

    if (f.code == u"900901") {
        f.summary = tr("The access token is invalid, has expired or was revoked.");
        f.advice = tr("Generate a new access token for the application in Applications, then connect again.");
    } else if (f.code == u"900902") {
        f.summary = tr("The request has no Authorization header.");
        f.advice = tr("Add the header \"Authorization: Bearer\" followed by an access token of a subscribed "
                      "application.");
    } else if (f.code == u"900907") {
        f.summary = tr("The application's subscription to this API is blocked.");
        f.advice = tr("Ask the API's publisher to unblock the subscription.");
    } else if (f.code == u"900909") {
        f.summary = tr("The application's subscription to this API is on hold.");
        f.advice = tr("Wait until the publisher activates the subscription, or ask them to.");
    } else if (f.code == u"900908") {
        f.summary = tr("The application is not subscribed to this API.");
        f.advice = tr("Subscribe the application to the API in the Developer Portal, then connect again.");
    } else if (f.code == u"700700") {
        f.summary = tr("The API is blocked by its publisher.");
        f.advice = tr("Ask the publisher to publish the API again.");
    } else if (status == 401) {
        f.summary = tr("The server did not accept the credentials (HTTP 401).");
        f.advice = tr("Check the Authorization header and the access token.");
    } else if (status == 403) {
        f.summary = tr("The server forbids access to this resource (HTTP 403).");
        f.advice = tr("Check that the token belongs to an application allowed to use it.");
    } else if (status == 404) {
        f.summary = tr("No API is deployed at this context and version (HTTP 404).");
        f.advice = tr("Check the URL against the API's gateway URLs in the Developer Portal, and that the "
                      "API is deployed.");
    } else if (status == 405) {
        const QByteArray allow = headerValue(headers, "Allow");
        f.summary = allow.isEmpty()
                        ? tr("The server does not accept this request method (HTTP 405).")
                        : tr("The server does not accept this request method (HTTP 405); it allows %1.")
                              .arg(QString::fromLatin1(allow));
        f.advice = tr("Choose a method the server accepts (an API of the gateway is invoked with GET).");
    } else if (status == 429) {
        f.retryAt = retryAt(headers, now);
        f.summary = f.retryAt ? tr("The plan's quota is spent; it resets at %1 (local time).")
                                    .arg(localTime(*f.retryAt, now))
                              : tr("The plan's quota is spent.");
        f.advice = tr("Wait until the quota resets, or subscribe with a business plan that allows more.");
    } else if (status == 502 || status == 503 || status == 504) {
        f.summary =
            description.isEmpty()
                ? tr("The gateway cannot reach the API's backend (HTTP %1).").arg(status)
                : tr("The gateway cannot reach the API's backend (HTTP %1): %2").arg(status).arg(description);
        f.advice = tr("Check that the backend server is running at the API's endpoint.");
    } else if (status >= 500) {
        f.summary = tr("The server failed with HTTP %1.").arg(status);
        f.advice = tr("Try again later; if it keeps failing, look at the server's log.");
    } else {
        f.summary = tr("The server answered HTTP %1 instead of an event stream.").arg(status);
        f.advice = tr("Check the URL, the method, the headers and the body.");
    }
    return f;
}

StreamFailure FailureExplainer::notAnEventStream(int status, const QByteArray &contentType)
{
    StreamFailure f;
    f.httpStatus = status;
    if (status == 204) {
        f.summary = tr("The server has no stream for this request (HTTP 204 No Content) and asks not to "
                       "reconnect.");
        f.advice = tr("Check the URL and the request.");
        return f;
    }
    f.summary =
        contentType.isEmpty()
            ? tr("The server's answer (HTTP %1) has no content type; it is not an event stream.").arg(status)
            : tr("The server answered HTTP %1 with \"%2\", not an event stream (text/event-stream).")
                  .arg(status)
                  .arg(QString::fromLatin1(contentType));
    f.advice = tr("Check the URL: it may lead to a web page or a REST resource instead of a stream.");
    return f;
}

StreamFailure FailureExplainer::connectionError(QNetworkReply::NetworkError error, const QString &detail,
                                                const QUrl &url)
{
    StreamFailure f;
    const QString where = url.authority();
    switch (error) {
    case QNetworkReply::ConnectionRefusedError:
        f.summary = tr("The connection to %1 was refused: nothing is listening there.").arg(where);
        f.advice = tr("Check the host and port, and that the gateway or server is running.");
        break;
    case QNetworkReply::HostNotFoundError:
        f.summary = tr("The host %1 was not found.").arg(url.host());
        f.advice = tr("Check the host name in the URL and the network connection.");
        break;
    case QNetworkReply::RemoteHostClosedError:
        f.summary = tr("%1 closed the connection before answering.").arg(where);
        f.advice = tr("Check that the URL's scheme suits the port (https for a TLS port) and that the server "
                      "is running.");
        break;
    case QNetworkReply::TimeoutError:
        f.summary = tr("The connection to %1 timed out.").arg(where);
        f.advice = tr("Check the host and port, and the network connection.");
        break;
    case QNetworkReply::SslHandshakeFailedError:
        f.summary = tr("The secure connection to %1 could not be set up: %2").arg(where, detail);
        f.advice = tr("Check that the port speaks HTTPS, or use http:// for a plain port.");
        break;
    default:
        f.summary = tr("The connection to %1 failed: %2").arg(where, detail);
        f.advice = tr("Check the URL and the network connection.");
        break;
    }
    return f;
}

StreamFailure FailureExplainer::untrustedCertificate(const QString &hostAndPort, const QString &reason)
{
    StreamFailure f;
    f.summary = tr("The certificate of %1 is not trusted: %2").arg(hostAndPort, reason);
    f.advice = tr("If this is your own gateway with its self-signed certificate, trust the certificate for "
                  "this host and connect again.");
    return f;
}

StreamFailure FailureExplainer::unsupportedUrl(const QUrl &url)
{
    StreamFailure f;
    f.summary = url.isEmpty() ? tr("There is no URL to connect to.")
                              : tr("\"%1\" is not an http:// or https:// URL.").arg(url.toDisplayString());
    f.advice = tr("Enter the stream's URL, for example the API's gateway URL from the Developer Portal.");
    return f;
}

StreamFailure FailureExplainer::oversizedEvent(qsizetype limit)
{
    StreamFailure f;
    f.summary = tr("An event of the stream is larger than %1 bytes; the viewer stopped reading.").arg(limit);
    f.advice = tr("Check that the URL leads to an event stream whose events end with a blank line.");
    return f;
}

bool FailureExplainer::isEventStream(QByteArrayView contentType)
{
    const qsizetype semicolon = contentType.indexOf(';');
    const QByteArrayView mediaType = (semicolon < 0 ? contentType : contentType.first(semicolon)).trimmed();
    return mediaType.compare("text/event-stream", Qt::CaseInsensitive) == 0;
}

} // namespace sd::gateway
