#include "tools/bench/viewer-bench/viewerbenchoptions.h"

#include <QCommandLineParser>

using namespace Qt::StringLiterals;

namespace sd::tools {

models::Result<ViewerBenchOptions> ViewerBenchOptions::parse(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Feeds a StreamViewer events over loopback and measures how responsive "
                                     u"its window stays, what arrives and the memory it takes."_s);
    parser.addHelpOption();
    const QCommandLineOption seconds(u"seconds"_s, u"How long to stream (default 60)."_s, u"s"_s, u"60"_s);
    const QCommandLineOption rate(u"rate"_s, u"Events per second (default 10000)."_s, u"n"_s, u"10000"_s);
    const QCommandLineOption capacity(u"capacity"_s, u"Rows the viewer keeps (default: its own)."_s, u"n"_s,
                                      u"0"_s);
    const QCommandLineOption screenshot(u"screenshot"_s, u"Saves the window as a PNG at the end."_s,
                                        u"file"_s);
    const QCommandLineOption values(u"values"_s,
                                    u"How heap values move: sawtooth (a collected heap, the default) or "
                                    u"noise (a jump at every event)."_s,
                                    u"shape"_s, u"sawtooth"_s);
    const QCommandLineOption hidePlot(
        u"hide-plot"_s,
        u"Hides the viewer's plot: its painting stops, its series and axis updates do not."_s);
    parser.addOptions({seconds, rate, capacity, screenshot, values, hidePlot});
    if (!parser.parse(arguments))
        return models::validationError({}, parser.errorText());
    if (parser.isSet(u"help"_s))
        parser.showHelp(); // exits

    ViewerBenchOptions options;
    bool ok = false;
    options.seconds = parser.value(seconds).toInt(&ok);
    if (!ok || options.seconds < 1 || options.seconds > 3600)
        return models::validationError(u"seconds"_s, u"--seconds must be 1 to 3600."_s);
    options.rate = parser.value(rate).toInt(&ok);
    if (!ok || options.rate < 1 || options.rate > 1'000'000)
        return models::validationError(u"rate"_s, u"--rate must be 1 to 1000000 events per second."_s);
    options.capacity = parser.value(capacity).toInt(&ok);
    if (!ok || options.capacity < 0)
        return models::validationError(u"capacity"_s, u"--capacity must be 0 or more."_s);
    options.screenshot = parser.value(screenshot);
    if (parser.value(values) == u"noise"_s)
        options.values = EventProducer::Values::Noise;
    else if (parser.value(values) != u"sawtooth"_s)
        return models::validationError(u"values"_s, u"--values must be sawtooth or noise."_s);
    options.hidePlot = parser.isSet(hidePlot);
    return options;
}

} // namespace sd::tools
