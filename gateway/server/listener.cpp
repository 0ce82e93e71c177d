#include "gateway/server/listener.h"

#include "gateway/server/acceptloop.h"

namespace sd::gateway {

Listener::Listener(const ConnectionLimits &limits, bool tls, Dispatch dispatch, QObject *parent)
    : QTcpServer(parent)
    , m_tls(tls)
    , m_dispatch(std::move(dispatch))
    , m_admission(this, limits, tls)
    , m_acceptLoop(new AcceptLoop(this, [this](qintptr descriptor) {
        if (m_admission.admit(descriptor))
            m_dispatch(descriptor);
    }))
{
    // Thousands of clients may connect at once when a gateway starts.
    setListenBacklogSize(4096);
}

models::Result<quint16> Listener::open(const QHostAddress &address, quint16 port)
{
    if (!listen(address, port)) {
        return models::Error{
            models::Error::Kind::Conflict,
            QStringLiteral("Cannot listen on %1:%2 (%3): %4")
                .arg(address.toString())
                .arg(port)
                .arg(m_tls ? QStringLiteral("HTTPS") : QStringLiteral("HTTP"), errorString()),
            {}};
    }
    m_acceptLoop->start();
    return serverPort();
}

} // namespace sd::gateway
