#pragma once

#include "gateway/http/connectionlimits.h"
#include "gateway/server/connectionadmission.h"
#include "gateway/server/listener.h"
#include "gateway/server/requesthandler.h"
#include "models/result.h"

#include <QAbstractHttpServer>
#include <QHostAddress>
#include <QSslConfiguration>
#include <functional>
#include <optional>

namespace sd::gateway {

/// An HTTP or HTTPS server whose requests all go to a RequestHandler; every connection is held to the
/// ConnectionLimits and serves one request. It listens itself (listen()), or takes the connections a
/// Listener on another thread accepted (serve(), then take() for each).
class HttpEndpoint final : public QAbstractHttpServer
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpEndpoint)

public:
    HttpEndpoint(RequestHandler *handler, const ConnectionLimits &limits, QObject *parent = nullptr);

    /// Listens on `port` (0: any free port); with `tls`, speaks HTTPS. A busy port is an error naming it.
    models::Result<quint16> listen(const QHostAddress &address, quint16 port,
                                   const std::optional<QSslConfiguration> &tls = std::nullopt);
    /// Serves the connections of `listener`'s port (which may live on another thread), counted in its
    /// admission; with `tls`, speaks HTTPS.
    void serve(Listener *listener, const std::optional<QSslConfiguration> &tls);
    /// Serves a descriptor the Listener admitted (after serve(), on this object's thread); the socket made
    /// of it, or null when none could be made.
    QTcpSocket *take(qintptr descriptor);
    quint16 port() const { return m_port; }
    /// The connections waiting for an answer; null until listening or serving.
    const ConnectionAdmission *admission() const { return m_admission; }
    void close();
    /// Hands what open connections still buffer to the kernel, before a shutdown deletes them.
    void flush();

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    RequestHandler *m_handler;
    ConnectionLimits m_limits;
    Listener *m_listener = nullptr; // when listening itself
    std::function<QTcpSocket *(qintptr)> m_take;
    ConnectionAdmission *m_admission = nullptr;
    quint16 m_port = 0;
};

} // namespace sd::gateway
