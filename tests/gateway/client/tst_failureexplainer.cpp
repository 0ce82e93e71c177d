// FailureExplainer: the gateway's error answers, other HTTP statuses and network errors in plain words.
#include "gateway/client/failureexplainer.h"

#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace sd::gateway;

namespace {

QByteArray gatewayBody(const char *code)
{
    return R"({"code":")" + QByteArray(code) + R"(","message":"m","description":"d"})";
}

} // namespace

class TestFailureExplainer final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void httpResponse_data();
    void httpResponse();
    void retryAfter_data();
    void retryAfter();
    void boundedBody();
    void connectionError_data();
    void connectionError();
    void notAnEventStream();
    void isEventStream_data();
    void isEventStream();
};

void TestFailureExplainer::httpResponse_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("summaryPart");
    QTest::addColumn<QString>("advicePart");

    QTest::newRow("900901 token") << 401 << gatewayBody("900901") << u"900901"_s << u"token"_s
                                  << u"Applications"_s;
    QTest::newRow("900902 no header")
        << 401 << gatewayBody("900902") << u"900902"_s << u"no Authorization header"_s << u"Bearer"_s;
    QTest::newRow("900907 blocked") << 401 << gatewayBody("900907") << u"900907"_s << u"blocked"_s
                                    << u"unblock"_s;
    QTest::newRow("900909 on hold") << 401 << gatewayBody("900909") << u"900909"_s << u"on hold"_s
                                    << u"activates"_s;
    QTest::newRow("900908 not subscribed")
        << 403 << gatewayBody("900908") << u"900908"_s << u"not subscribed"_s << u"Developer Portal"_s;
    QTest::newRow("700700 API blocked")
        << 503 << gatewayBody("700700") << u"700700"_s << u"blocked"_s << u"publish"_s;
    QTest::newRow("404 not deployed")
        << 404 << gatewayBody("404") << u"404"_s << u"No API is deployed"_s << u"deployed"_s;
    QTest::newRow("502 backend") << 502 << gatewayBody("101506") << u"101506"_s << u"backend"_s
                                 << u"backend"_s;
    QTest::newRow("503 backend unavailable")
        << 503 << gatewayBody("101503") << u"101503"_s << u"cannot reach"_s << u"running"_s;
    QTest::newRow("numeric code") << 401 << R"({"code":900901})"_ba << u"900901"_s << u"token"_s
                                  << u"token"_s;
    QTest::newRow("401 without a body") << 401 << QByteArray() << QString() << u"401"_s << u"Authorization"_s;
    QTest::newRow("403 html") << 403 << "<html>no</html>"_ba << QString() << u"403"_s << u"token"_s;
    QTest::newRow("500") << 500 << QByteArray() << QString() << u"HTTP 500"_s << u"log"_s;
    QTest::newRow("418") << 418 << QByteArray() << QString() << u"HTTP 418"_s << u"URL"_s;
}

void TestFailureExplainer::httpResponse()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(QString, code);
    QFETCH(QString, summaryPart);
    QFETCH(QString, advicePart);
    const auto f = FailureExplainer::httpResponse(status, {}, body, QDateTime::currentDateTime());
    QCOMPARE(f.httpStatus, status);
    QCOMPARE(f.code, code);
    QCOMPARE(f.body, body);
    QVERIFY2(f.summary.contains(summaryPart), qPrintable(f.summary));
    QVERIFY2(f.advice.contains(advicePart), qPrintable(f.advice));
    QVERIFY(!f.retryAt);
}

void TestFailureExplainer::retryAfter_data()
{
    const QDateTime now = QDateTime::currentDateTime();
    const QDateTime date(QDate(2031, 5, 6), QTime(7, 8, 9), QTimeZone::utc());
    QTest::addColumn<QByteArray>("retryAfter");
    QTest::addColumn<QDateTime>("now");
    QTest::addColumn<QDateTime>("expected");
    QTest::newRow("seconds") << "90"_ba << now << now.addSecs(90);
    QTest::newRow("a day") << "86400"_ba << now << now.addDays(1);
    QTest::newRow("HTTP date") << "Tue, 06 May 2031 07:08:09 GMT"_ba << now << date;
    QTest::newRow("garbage") << "soon"_ba << now << QDateTime();
}

void TestFailureExplainer::retryAfter()
{
    QFETCH(QByteArray, retryAfter);
    QFETCH(QDateTime, now);
    QFETCH(QDateTime, expected);
    const QByteArray body = ": request is throttled out by the server, try again at later point of time\n";
    const auto f = FailureExplainer::httpResponse(429, {{"retry-after", retryAfter}}, body, now);
    QCOMPARE(f.httpStatus, 429);
    QVERIFY2(f.summary.contains(u"quota is spent"_s), qPrintable(f.summary));
    if (!expected.isValid()) {
        QVERIFY(!f.retryAt);
        return;
    }
    QVERIFY(f.retryAt);
    QCOMPARE(*f.retryAt, expected);
    const QLocale locale;
    const QString shown = expected.toLocalTime().date() == now.toLocalTime().date()
                              ? locale.toString(expected.toLocalTime().time(), QLocale::ShortFormat)
                              : locale.toString(expected.toLocalTime(), QLocale::ShortFormat);
    QVERIFY2(f.summary.contains(shown), qPrintable(f.summary + u" / "_s + shown));
}

void TestFailureExplainer::boundedBody()
{
    const QByteArray body(FailureExplainer::maxBodySize + 10, 'x');
    QCOMPARE(FailureExplainer::httpResponse(500, {}, body, {}).body.size(), FailureExplainer::maxBodySize);
}

void TestFailureExplainer::connectionError_data()
{
    QTest::addColumn<QNetworkReply::NetworkError>("error");
    QTest::addColumn<QString>("summaryPart");
    QTest::newRow("refused") << QNetworkReply::ConnectionRefusedError << u"refused"_s;
    QTest::newRow("host not found") << QNetworkReply::HostNotFoundError << u"gateway.example was not found"_s;
    QTest::newRow("closed") << QNetworkReply::RemoteHostClosedError << u"closed the connection"_s;
    QTest::newRow("tls") << QNetworkReply::SslHandshakeFailedError << u"secure connection"_s;
    QTest::newRow("other") << QNetworkReply::ProxyNotFoundError << u"detail text"_s;
}

void TestFailureExplainer::connectionError()
{
    QFETCH(QNetworkReply::NetworkError, error);
    QFETCH(QString, summaryPart);
    const auto f =
        FailureExplainer::connectionError(error, u"detail text"_s, QUrl(u"https://gateway.example:8243/x"_s));
    QCOMPARE(f.httpStatus, 0);
    QVERIFY2(f.summary.contains(summaryPart), qPrintable(f.summary));
    QVERIFY(!f.advice.isEmpty());
}

void TestFailureExplainer::notAnEventStream()
{
    const auto html = FailureExplainer::notAnEventStream(200, "text/html; charset=utf-8");
    QCOMPARE(html.httpStatus, 200);
    QVERIFY2(html.summary.contains(u"text/html; charset=utf-8"_s), qPrintable(html.summary));
    const auto noContent = FailureExplainer::notAnEventStream(204, {});
    QVERIFY2(noContent.summary.contains(u"204"_s), qPrintable(noContent.summary));
}

void TestFailureExplainer::isEventStream_data()
{
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<bool>("expected");
    QTest::newRow("exact") << "text/event-stream"_ba << true;
    QTest::newRow("upper case") << "TEXT/EVENT-STREAM"_ba << true;
    QTest::newRow("charset") << "text/event-stream;charset=UTF-8"_ba << true;
    QTest::newRow("spaces") << " text/event-stream ; charset=utf-8"_ba << true;
    QTest::newRow("empty") << QByteArray() << false;
    QTest::newRow("plain") << "text/plain"_ba << false;
    QTest::newRow("longer type") << "text/event-streamx"_ba << false;
}

void TestFailureExplainer::isEventStream()
{
    QFETCH(QByteArray, contentType);
    QFETCH(bool, expected);
    QCOMPARE(FailureExplainer::isEventStream(contentType), expected);
}

QTEST_APPLESS_MAIN(TestFailureExplainer)
#include "tst_failureexplainer.moc"
