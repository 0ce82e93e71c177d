#pragma once

#include <QHttpServerRequest>
#include <QHttpServerResponder>

namespace sd::gateway {

/// What an HTTP endpoint calls for each request; the endpoint knows nothing of the application.
class RequestHandler
{
public:
    virtual ~RequestHandler() = default;
    /// Must answer through `responder` now or later (it may be moved into an object that outlives the call).
    virtual void handleRequest(const QHttpServerRequest &request, QHttpServerResponder &&responder) = 0;
};

} // namespace sd::gateway
