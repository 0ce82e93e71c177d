#pragma once

#include "gateway/upstream/tcpkeepalive.h"

#include <QByteArray>
#include <QList>
#include <QSslCertificate>
#include <QUrl>
#include <utility>

namespace sd::gateway {

/// HTTP header fields in wire order; names keep their original case.
using HeaderList = QList<std::pair<QByteArray, QByteArray>>;

/// One streaming GET to a backend.
struct UpstreamRequest
{
    QUrl url;           // full target: scheme, host, port, path and query
    HeaderList headers; // end-to-end headers to forward (see UpstreamConnection::forwardableHeaders)
    int connectTimeoutMs = 10000;               // TCP connect plus TLS handshake
    int headerTimeoutMs = 30000;                // request sent until the response head is complete
    QList<QSslCertificate> extraCaCertificates; // trusted in addition to the system CAs
    qsizetype maxHeaderBytes = 64 * 1024;       // status line plus header block
    TcpKeepAlive keepAlive;                     // set once connected
};

} // namespace sd::gateway
