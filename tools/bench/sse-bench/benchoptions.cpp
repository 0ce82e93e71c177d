#include "tools/bench/sse-bench/benchoptions.h"

#include <QCommandLineParser>

namespace sd::tools {

namespace {

models::Error usage(const QString &message)
{
    return {models::Error::Kind::Validation, message, {}};
}

} // namespace

models::Result<BenchOptions> BenchOptions::parse(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Opens many concurrent SSE streams and reports connections, events per second and the "
                       "delay from each event's \"ts\" field to its arrival."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("url"),
                                 QStringLiteral("The stream to open (http or https)."));
    const QCommandLineOption clients(QStringLiteral("clients"),
                                     QStringLiteral("Concurrent streams (default 100)."), QStringLiteral("n"),
                                     QStringLiteral("100"));
    const QCommandLineOption duration(
        QStringLiteral("duration"),
        QStringLiteral("Seconds to measure after the last stream opened (default 10)."), QStringLiteral("s"),
        QStringLiteral("10"));
    const QCommandLineOption header(QStringLiteral("header"),
                                    QStringLiteral("A request header \"Name: value\"; may be repeated."),
                                    QStringLiteral("header"));
    const QCommandLineOption cacert(QStringLiteral("cacert"), QStringLiteral("A PEM certificate to trust."),
                                    QStringLiteral("file"));
    parser.addOptions({clients, duration, header, cacert});
    if (!parser.parse(arguments))
        return usage(parser.errorText());
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(); // exits
    if (parser.positionalArguments().size() != 1)
        return usage(QStringLiteral("Give exactly one URL."));

    BenchOptions options;
    options.request.url = QUrl(parser.positionalArguments().constFirst(), QUrl::StrictMode);
    const auto scheme = options.request.url.scheme();
    if (!options.request.url.isValid() || options.request.url.host().isEmpty() ||
        (scheme != u"http" && scheme != u"https"))
        return usage(
            QStringLiteral("Not an http or https URL: %1").arg(parser.positionalArguments().constFirst()));
    bool ok = false;
    options.clients = parser.value(clients).toInt(&ok);
    if (!ok || options.clients < 1)
        return usage(QStringLiteral("--clients must be a positive number."));
    const int seconds = parser.value(duration).toInt(&ok);
    if (!ok || seconds < 1 || seconds > 3600)
        return usage(QStringLiteral("--duration must be 1 to 3600 seconds."));
    options.durationMs = seconds * 1000;
    for (const auto &line : parser.values(header)) {
        const auto colon = line.indexOf(u':');
        if (colon <= 0)
            return usage(QStringLiteral("--header needs \"Name: value\": %1").arg(line));
        options.request.headers.append(
            {line.left(colon).trimmed().toLatin1(), line.mid(colon + 1).trimmed().toUtf8()});
    }
    if (parser.isSet(cacert)) {
        const auto certificates = QSslCertificate::fromPath(parser.value(cacert));
        if (certificates.isEmpty())
            return usage(QStringLiteral("No PEM certificate in %1").arg(parser.value(cacert)));
        options.request.extraCaCertificates = certificates;
    }
    return options;
}

} // namespace sd::tools
