#pragma once

#include "gateway/upstream/upstreamrequest.h"
#include "models/result.h"

#include <QStringList>

namespace sd::tools {

/// What sse-bench is asked to do, parsed and validated from its command line.
struct BenchOptions
{
    gateway::UpstreamRequest request;
    int clients = 100;
    int durationMs = 10000;

    static models::Result<BenchOptions> parse(const QStringList &arguments);
};

} // namespace sd::tools
