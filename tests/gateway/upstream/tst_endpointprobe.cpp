#include "../server/testbackend.h"
#include "gateway/upstream/endpointprobe.h"

#include <QSignalSpy>
#include <QTest>

using sd::gateway::EndpointProbe;
using sd::gateway::ProbeResult;
using sd::gateway::test::TestBackend;

class TestEndpointProbe : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void reportsTheHead_data();
    void reportsTheHead();
    void refusedConnection();
    void silentBackendTimesOut();
    void newProbeReplacesRunningOne();

private:
    static ProbeResult probe(EndpointProbe &probe, const QUrl &url);
};

ProbeResult TestEndpointProbe::probe(EndpointProbe &probe, const QUrl &url)
{
    QSignalSpy finished(&probe, &EndpointProbe::finished);
    probe.start(url);
    if (!finished.wait(30000) && finished.isEmpty())
        return {};
    return finished.constFirst().constFirst().value<ProbeResult>();
}

void TestEndpointProbe::reportsTheHead_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<bool>("chunked");
    QTest::addColumn<QString>("mediaType");
    QTest::addColumn<bool>("eventStream");

    QTest::newRow("event stream") << 200 << QByteArray("text/event-stream") << false
                                  << QStringLiteral("text/event-stream") << true;
    QTest::newRow("event stream, chunked")
        << 200 << QByteArray("text/event-stream") << true << QStringLiteral("text/event-stream") << true;
    QTest::newRow("parameters and case") << 200 << QByteArray("Text/Event-Stream; charset=utf-8") << false
                                         << QStringLiteral("text/event-stream") << true;
    QTest::newRow("json") << 200 << QByteArray("application/json") << false
                          << QStringLiteral("application/json") << false;
    QTest::newRow("not found") << 404 << QByteArray("text/plain") << false << QStringLiteral("text/plain")
                               << false;
}

void TestEndpointProbe::reportsTheHead()
{
    QFETCH(int, status);
    QFETCH(QByteArray, contentType);
    QFETCH(bool, chunked);
    QFETCH(QString, mediaType);
    QFETCH(bool, eventStream);

    TestBackend backend;
    QVERIFY(backend.listen());
    backend.setResponseHead(status, contentType,
                            chunked ? TestBackend::Framing::Chunked : TestBackend::Framing::CloseDelimited);
    EndpointProbe probe;
    const QUrl url(backend.endpoint() + QStringLiteral("/memory"));
    const auto result = TestEndpointProbe::probe(probe, url);
    QVERIFY(result.answered);
    QCOMPARE(result.url, url);
    QCOMPARE(result.httpStatus, status);
    QCOMPARE(result.mediaType, mediaType);
    QCOMPARE(result.eventStream, eventStream);
    QVERIFY(result.error.isEmpty());
    QCOMPARE(backend.requestHeader(0, "Accept"), QByteArray("text/event-stream"));
    QVERIFY(backend.request(0).startsWith("GET /memory "));
    // A stream is never read: the probe hangs up once it has the head.
    if (eventStream)
        QTRY_VERIFY(backend.isClosed(0));
    QVERIFY(!probe.isRunning());
}

void TestEndpointProbe::refusedConnection()
{
    quint16 port = 0;
    {
        TestBackend closed;
        QVERIFY(closed.listen());
        port = closed.port();
    }
    EndpointProbe probe;
    const auto result =
        TestEndpointProbe::probe(probe, QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(port)));
    QVERIFY(!result.answered);
    QCOMPARE(result.httpStatus, 0);
    QVERIFY(!result.eventStream);
    QVERIFY2(result.error.contains(QStringLiteral("refused"), Qt::CaseInsensitive), qPrintable(result.error));
}

void TestEndpointProbe::silentBackendTimesOut()
{
    TestBackend backend;
    QVERIFY(backend.listen());
    backend.setSilent(true);
    EndpointProbe probe;
    probe.setTimeout(std::chrono::milliseconds(300));
    const auto result = TestEndpointProbe::probe(probe, QUrl(backend.endpoint()));
    QVERIFY(!result.answered);
    QVERIFY2(result.error.contains(QStringLiteral("did not answer within 0.3 seconds")),
             qPrintable(result.error));
    QTRY_VERIFY(backend.isClosed(0));
}

void TestEndpointProbe::newProbeReplacesRunningOne()
{
    TestBackend silent;
    QVERIFY(silent.listen());
    silent.setSilent(true);
    TestBackend live;
    QVERIFY(live.listen());
    EndpointProbe probe;
    QSignalSpy finished(&probe, &EndpointProbe::finished);
    probe.start(QUrl(silent.endpoint()));
    QTRY_COMPARE(silent.requestCount(), 1);
    probe.start(QUrl(live.endpoint()));
    QVERIFY(finished.wait(30000) || !finished.isEmpty());
    QCOMPARE(finished.size(), 1);
    QCOMPARE(finished.constFirst().constFirst().value<ProbeResult>().url, QUrl(live.endpoint()));
    QTRY_VERIFY(silent.isClosed(0));
}

QTEST_GUILESS_MAIN(TestEndpointProbe)
#include "tst_endpointprobe.moc"
