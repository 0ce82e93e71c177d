#pragma once

#include "gateway/client/sseclient.h"

#include <QCoreApplication>
#include <QNetworkReply>
#include <QUrl>
#include <utility>

namespace sd::gateway {

/// Turns what went wrong with a stream request (an HTTP answer, a network error, a certificate) into a
/// StreamFailure in plain words: what happened and what to do next. Knows the gateway's error codes.
class FailureExplainer final
{
    Q_DECLARE_TR_FUNCTIONS(sd::gateway::FailureExplainer)

public:
    using Headers = QList<std::pair<QByteArray, QByteArray>>;
    /// Bytes of an error body kept (and read) at most.
    static constexpr qsizetype maxBodySize = 64 * 1024;

    FailureExplainer() = delete;

    /// A response whose status is not 2xx; `now` dates a Retry-After given in seconds.
    static StreamFailure httpResponse(int status, const Headers &headers, const QByteArray &body,
                                      const QDateTime &now);
    /// A 2xx response that is not text/event-stream.
    static StreamFailure notAnEventStream(int status, const QByteArray &contentType);
    /// No HTTP response at all: refused, unknown host, TLS, reset.
    static StreamFailure connectionError(QNetworkReply::NetworkError error, const QString &detail,
                                         const QUrl &url);
    static StreamFailure untrustedCertificate(const QString &hostAndPort, const QString &reason);
    static StreamFailure unsupportedUrl(const QUrl &url);
    static StreamFailure oversizedEvent(qsizetype limit);

    /// True when the media type is text/event-stream, whatever its case and parameters.
    static bool isEventStream(QByteArrayView contentType);
};

} // namespace sd::gateway
