#pragma once

#include "models/result.h"

#include <QStringList>

namespace sd::tools {

/// What viewer-bench is asked to do, parsed and validated from its command line.
struct ViewerBenchOptions
{
    int seconds = 60;
    int rate = 10000;
    int capacity = 0;   // rows the viewer keeps; 0: its default
    QString screenshot; // a PNG of the window at the end; empty: none

    static models::Result<ViewerBenchOptions> parse(const QStringList &arguments);
};

} // namespace sd::tools
