#pragma once

#include "gateway/upstream/upstreamconnection.h"

#include <QObject>

namespace sd::gateway {

/// Where a StreamSession reads its backend's response: a connection of its own (DirectUpstream) or a tap
/// of a backend stream that several clients share (SharedUpstreamTap). Signals as UpstreamConnection's:
/// one head, body bytes as they arrive, then exactly one of finished() or failed(), unless close() came
/// first.
class UpstreamSource : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UpstreamSource)

public:
    explicit UpstreamSource(QObject *parent = nullptr);
    ~UpstreamSource() override;

    /// Starts reading; failures are reported through failed().
    virtual void start(const UpstreamRequest &request) = 0;
    /// Stops reading at once; nothing is emitted afterwards. Safe from own slots.
    virtual void close() = 0;
    /// Asks the backend to wait while the client catches up; a shared backend never waits.
    virtual void setReadPaused(bool paused) = 0;

Q_SIGNALS:
    void responseHead(int status, const sd::gateway::HeaderList &headers);
    void bodyData(const QByteArray &bytes);
    void finished();
    void failed(sd::gateway::UpstreamConnection::Error kind, const QString &detail);
};

} // namespace sd::gateway
