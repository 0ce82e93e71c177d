#pragma once

#include "gateway/dataplane/dataplanecontext.h"
#include "gateway/events/gatewayevent.h"
#include "gateway/http/gatewayerror.h"
#include "gateway/relay/sharedupstreams.h"
#include "gateway/server/requesthandler.h"

namespace sd::gateway {

class SessionRegistry;
struct Route;

/// A worker's answer to each gateway request: maps the path to a deployed API, checks method, state,
/// token, subscription, rate and quota, then opens a StreamSession in the worker's registry, or refuses
/// with the error REFERENCE.md gives. Runs on its worker's thread.
class StreamRequestHandler final : public RequestHandler
{
    Q_DISABLE_COPY_MOVE(StreamRequestHandler)

public:
    /// `worker`: the number of the worker thread it serves, from 1.
    StreamRequestHandler(const DataPlaneContext &context, int worker, SessionRegistry *sessions);

    void handleRequest(const QHttpServerRequest &request, QHttpServerResponder &&responder) override;

private:
    /// Counts `count` more descriptors against the budget of every worker; false when they do not fit.
    bool reserveDescriptors(int count);
    /// Answers `error` instead of a stream and reports it; `route` is the API when one matched.
    void refuse(const QHttpServerRequest &request, QHttpServerResponder &&responder,
                const GatewayError &error, const HeaderList &extra, const Route *route = nullptr,
                GatewayEvent::Kind kind = GatewayEvent::Kind::Refused);

    DataPlaneContext m_context;
    int m_worker;
    SessionRegistry *m_sessions;
    SharedUpstreams m_shared; // this worker's shared backend streams, each holding a descriptor
};

} // namespace sd::gateway
