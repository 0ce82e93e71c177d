// RequestPath alone: decoding once, %2F refused, dot segments removed (RFC 3986 section 5.2.4) and the
// remainder re-encoded once.
#include "gateway/server/requestpath.h"

#include <QTest>

using namespace Qt::StringLiterals;
using sd::gateway::RequestPath;

Q_DECLARE_METATYPE(RequestPath::Error)

class TestRequestPath final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void normalises_data();
    void normalises();
    void refuses_data();
    void refuses();
};

void TestRequestPath::normalises_data()
{
    QTest::addColumn<QByteArray>("encoded");
    QTest::addColumn<QByteArrayList>("segments");
    QTest::addColumn<qsizetype>("stable");
    QTest::addColumn<QString>("decoded");
    QTest::addColumn<QByteArray>("reencoded");
    QTest::addColumn<QByteArray>("remainder"); // encoded(2)

    QTest::newRow("root") << "/"_ba << QByteArrayList{""} << qsizetype(1) << u"/"_s << "/"_ba
                          << ""_ba;
    QTest::newRow("ordinary") << "/observer/1.0.0/memory"_ba << QByteArrayList{"observer", "1.0.0", "memory"}
                              << qsizetype(3) << u"/observer/1.0.0/memory"_s << "/observer/1.0.0/memory"_ba
                              << "/memory"_ba;
    QTest::newRow("empty remainder") << "/pt/1.0.0"_ba << QByteArrayList{"pt", "1.0.0"} << qsizetype(2)
                                     << u"/pt/1.0.0"_s << "/pt/1.0.0"_ba
                                     << ""_ba;
    QTest::newRow("trailing slash") << "/pt/1.0.0/"_ba << QByteArrayList{"pt", "1.0.0", ""} << qsizetype(3)
                                    << u"/pt/1.0.0/"_s << "/pt/1.0.0/"_ba
                                    << "/"_ba;
    QTest::newRow("double slash") << "/pt/1.0.0//x"_ba << QByteArrayList{"pt", "1.0.0", "", "x"}
                                  << qsizetype(4) << u"/pt/1.0.0//x"_s << "/pt/1.0.0//x"_ba
                                  << "//x"_ba;
    QTest::newRow("leading double slash") << "//pt/1.0.0"_ba << QByteArrayList{"", "pt", "1.0.0"}
                                          << qsizetype(3) << u"//pt/1.0.0"_s << "//pt/1.0.0"_ba
                                          << "/1.0.0"_ba;
    QTest::newRow("dot") << "/pt/./1.0.0/x"_ba << QByteArrayList{"pt", "1.0.0", "x"} << qsizetype(3)
                         << u"/pt/1.0.0/x"_s << "/pt/1.0.0/x"_ba
                         << "/x"_ba;
    QTest::newRow("trailing dot") << "/pt/1.0.0/."_ba << QByteArrayList{"pt", "1.0.0", ""} << qsizetype(3)
                                  << u"/pt/1.0.0/"_s << "/pt/1.0.0/"_ba
                                  << "/"_ba;
    QTest::newRow("encoded dot") << "/pt/%2e/1.0.0/%2E/x"_ba << QByteArrayList{"pt", "1.0.0", "x"}
                                 << qsizetype(3) << u"/pt/1.0.0/x"_s << "/pt/1.0.0/x"_ba
                                 << "/x"_ba;
    QTest::newRow("dot dot inside the remainder")
        << "/pt/1.0.0/a/../b"_ba << QByteArrayList{"pt", "1.0.0", "b"} << qsizetype(2) << u"/pt/1.0.0/b"_s
        << "/pt/1.0.0/b"_ba
        << "/b"_ba;
    QTest::newRow("trailing dot dot") << "/pt/1.0.0/a/.."_ba << QByteArrayList{"pt", "1.0.0", ""}
                                      << qsizetype(2) << u"/pt/1.0.0/"_s << "/pt/1.0.0/"_ba
                                      << "/"_ba;
    QTest::newRow("dot dot after an empty segment") << "/pt/1.0.0//.."_ba << QByteArrayList{"pt", "1.0.0", ""}
                                                    << qsizetype(2) << u"/pt/1.0.0/"_s << "/pt/1.0.0/"_ba
                                                    << "/"_ba;
    QTest::newRow("issue: dot dot above the version")
        << "/pt/1.0.0/../../admin"_ba << QByteArrayList{"admin"} << qsizetype(0) << u"/admin"_s << "/admin"_ba
        << ""_ba;
    QTest::newRow("issue: encoded dot dot above the version")
        << "/pt/1.0.0/%2e%2e/%2e%2e/admin"_ba << QByteArrayList{"admin"} << qsizetype(0) << u"/admin"_s
        << "/admin"_ba
        << ""_ba;
    QTest::newRow("half-encoded dot dot") << "/pt/1.0.0/.%2E/%2e./admin"_ba << QByteArrayList{"admin"}
                                          << qsizetype(0) << u"/admin"_s << "/admin"_ba
                                          << ""_ba;
    QTest::newRow("dot dot back into the version")
        << "/pt/1.0.0/../1.0.0/x"_ba << QByteArrayList{"pt", "1.0.0", "x"} << qsizetype(1) << u"/pt/1.0.0/x"_s
        << "/pt/1.0.0/x"_ba
        << "/x"_ba;
    QTest::newRow("issue: double-encoded dot dot is decoded once")
        << "/pt/1.0.0/%252e%252e/admin"_ba << QByteArrayList{"pt", "1.0.0", "%2e%2e", "admin"} << qsizetype(4)
        << u"/pt/1.0.0/%2e%2e/admin"_s << "/pt/1.0.0/%252e%252e/admin"_ba
        << "/%252e%252e/admin"_ba;
    QTest::newRow("encoded percent") << "/pt/1.0.0/100%25"_ba << QByteArrayList{"pt", "1.0.0", "100%"}
                                     << qsizetype(3) << u"/pt/1.0.0/100%"_s << "/pt/1.0.0/100%25"_ba
                                     << "/100%25"_ba;
    QTest::newRow("unicode") << "/pt/1.0.0/%c3%a9t%C3%A9"_ba
                             << QByteArrayList{"pt", "1.0.0", "\xC3\xA9t\xC3\xA9"} << qsizetype(3)
                             << u"/pt/1.0.0/\u00E9t\u00E9"_s << "/pt/1.0.0/%C3%A9t%C3%A9"_ba
                             << "/%C3%A9t%C3%A9"_ba;
    QTest::newRow("invalid UTF-8") << "/pt/1.0.0/%FF"_ba << QByteArrayList{"pt", "1.0.0", "\xFF"}
                                   << qsizetype(3) << u"/pt/1.0.0/\uFFFD"_s << "/pt/1.0.0/%FF"_ba
                                   << "/%FF"_ba;
    QTest::newRow("encoded unreserved") << "/pt/1.0.0/%41%7e%2D"_ba << QByteArrayList{"pt", "1.0.0", "A~-"}
                                        << qsizetype(3) << u"/pt/1.0.0/A~-"_s << "/pt/1.0.0/A~-"_ba
                                        << "/A~-"_ba;
    QTest::newRow("query and fragment characters")
        << "/pt/1.0.0/a%3Fb%23c"_ba << QByteArrayList{"pt", "1.0.0", "a?b#c"} << qsizetype(3)
        << u"/pt/1.0.0/a?b#c"_s << "/pt/1.0.0/a%3Fb%23c"_ba
        << "/a%3Fb%23c"_ba;
    QTest::newRow("sub-delimiters stay literal")
        << "/pt/1.0.0/a!$&'()*+,;=:@b"_ba << QByteArrayList{"pt", "1.0.0", "a!$&'()*+,;=:@b"} << qsizetype(3)
        << u"/pt/1.0.0/a!$&'()*+,;=:@b"_s << "/pt/1.0.0/a!$&'()*+,;=:@b"_ba
        << "/a!$&'()*+,;=:@b"_ba;
    QTest::newRow("space, backslash and NUL")
        << "/pt/1.0.0/a%20b%5Cc%00"_ba << QByteArrayList{"pt", "1.0.0", QByteArray("a b\\c\0", 6)}
        << qsizetype(3) << QString::fromUtf8(QByteArray("/pt/1.0.0/a b\\c\0", 16))
        << "/pt/1.0.0/a%20b%5Cc%00"_ba
        << "/a%20b%5Cc%00"_ba;
}

void TestRequestPath::normalises()
{
    QFETCH(QByteArray, encoded);
    QFETCH(QByteArrayList, segments);
    QFETCH(qsizetype, stable);
    QFETCH(QString, decoded);
    QFETCH(QByteArray, reencoded);
    QFETCH(QByteArray, remainder);

    const auto parsed = RequestPath::parse(encoded);
    QVERIFY(std::holds_alternative<RequestPath>(parsed));
    const auto &path = std::get<RequestPath>(parsed);
    QCOMPARE(path.segments(), segments);
    QCOMPARE(path.stableSegments(), stable);
    QCOMPARE(path.decoded(), decoded);
    QCOMPARE(path.encoded(), reencoded);
    QCOMPARE(path.encoded(2), remainder);
    // Normalising is idempotent: the re-encoded form parses to the same segments.
    const auto again = RequestPath::parse(reencoded);
    QVERIFY(std::holds_alternative<RequestPath>(again));
    QCOMPARE(std::get<RequestPath>(again).segments(), segments);
    QCOMPARE(std::get<RequestPath>(again).encoded(), reencoded);
}

void TestRequestPath::refuses_data()
{
    QTest::addColumn<QByteArray>("encoded");
    QTest::addColumn<RequestPath::Error>("error");

    QTest::newRow("empty") << ""_ba << RequestPath::Error::NotAbsolute;
    QTest::newRow("relative") << "pt/1.0.0"_ba << RequestPath::Error::NotAbsolute;
    QTest::newRow("asterisk") << "*"_ba << RequestPath::Error::NotAbsolute;
    QTest::newRow("issue: encoded slash") << "/pt/1.0.0/a%2Fb"_ba << RequestPath::Error::EncodedSlash;
    QTest::newRow("lower-case encoded slash") << "/pt/1.0.0/a%2fb"_ba << RequestPath::Error::EncodedSlash;
    QTest::newRow("issue: dot dot with encoded slashes")
        << "/pt/1.0.0/..%2f..%2fadmin"_ba << RequestPath::Error::EncodedSlash;
    QTest::newRow("dot dot at the root") << "/.."_ba << RequestPath::Error::AboveRoot;
    QTest::newRow("encoded dot dot at the root") << "/%2E%2E/x"_ba << RequestPath::Error::AboveRoot;
    QTest::newRow("dot dot above the root") << "/pt/1.0.0/../../../admin"_ba << RequestPath::Error::AboveRoot;
    QTest::newRow("percent at the end") << "/pt/1.0.0/100%"_ba << RequestPath::Error::MalformedEscape;
    QTest::newRow("one hex digit") << "/pt/1.0.0/%2"_ba << RequestPath::Error::MalformedEscape;
    QTest::newRow("not hex") << "/pt/1.0.0/%zz"_ba << RequestPath::Error::MalformedEscape;
    QTest::newRow("second digit not hex") << "/pt/1.0.0/%2g"_ba << RequestPath::Error::MalformedEscape;
}

void TestRequestPath::refuses()
{
    QFETCH(QByteArray, encoded);
    QFETCH(RequestPath::Error, error);

    const auto parsed = RequestPath::parse(encoded);
    QVERIFY(std::holds_alternative<RequestPath::Error>(parsed));
    QCOMPARE(std::get<RequestPath::Error>(parsed), error);
    QVERIFY(!RequestPath::errorText(error).isEmpty());
}

QTEST_APPLESS_MAIN(TestRequestPath)

#include "tst_requestpath.moc"
