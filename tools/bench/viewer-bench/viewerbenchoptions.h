#pragma once

#include "models/result.h"
#include "tools/bench/viewer-bench/eventproducer.h"

#include <QStringList>

namespace sd::tools {

/// What viewer-bench is asked to do, parsed and validated from its command line.
struct ViewerBenchOptions
{
    int seconds = 60;
    int rate = 10000;
    int capacity = 0;   // rows the viewer keeps; 0: its default
    QString screenshot; // a PNG of the window at the end; empty: none
    EventProducer::Values values = EventProducer::Values::Sawtooth;
    bool hidePlot = false; // the plot hidden: no painting, still its series and axis updates

    static models::Result<ViewerBenchOptions> parse(const QStringList &arguments);
};

} // namespace sd::tools
