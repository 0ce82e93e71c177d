#include "gateway/upstream/responseparser.h"

#include <QTest>

using namespace Qt::StringLiterals;
using sd::gateway::HeaderList;
using sd::gateway::ResponseParser;

namespace {

struct Outcome
{
    bool head = false;
    int status = 0;
    HeaderList headers;
    QByteArray body;
    bool complete = false;
    bool failed = false;
    bool bodyBeforeHead = false;
};

enum class Input { View, Array };

// Feeds `response` in pieces of `step` bytes (0: whole) as UpstreamConnection does, then ends the input;
// Input::Array feeds each piece as a QByteArray of its own, as a socket read is.
Outcome parse(const QByteArray &response, qsizetype step, qsizetype maxHeadBytes, Input input)
{
    ResponseParser parser(maxHeadBytes);
    Outcome outcome;
    for (qsizetype begin = 0; begin < response.size() && !outcome.complete && !outcome.failed;) {
        const QByteArrayView piece = QByteArrayView(response).sliced(
            begin, step > 0 ? std::min(step, response.size() - begin) : response.size() - begin);
        begin += piece.size();
        const QByteArray read = piece.toByteArray();
        for (qsizetype offset = 0; offset < piece.size();) {
            offset += input == Input::View ? parser.feed(piece.sliced(offset)) : parser.feed(read, offset);
            if ((outcome.failed = parser.hasFailed()))
                break;
            if (parser.takeHeadComplete()) {
                outcome.head = true;
                outcome.status = parser.status();
                outcome.headers = parser.takeHeaders();
            }
            const QByteArray body = parser.takeBody();
            outcome.bodyBeforeHead |= !body.isEmpty() && !outcome.head;
            outcome.body += body;
            if ((outcome.complete = parser.isComplete()))
                break;
        }
    }
    if (!outcome.complete && !outcome.failed) {
        parser.finishInput();
        outcome.complete = parser.isComplete();
    }
    return outcome;
}

// Feeds all of `data` as separate reads would be (a pause after the head ends a feed early).
void feedAll(ResponseParser &parser, const QByteArray &data)
{
    for (qsizetype offset = 0; offset < data.size() && !parser.hasFailed() && !parser.isComplete();)
        offset += parser.feed(data, offset);
}

} // namespace

class TestResponseParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parse_data();
    void parse();
    void refusesFeedsAfterTheEnd();
    void identityBodyReadIsShared();
    void chunkedBodyIsOneBuffer();
};

void TestResponseParser::parse_data()
{
    QTest::addColumn<QByteArray>("response");
    QTest::addColumn<qsizetype>("maxHeadBytes");
    QTest::addColumn<bool>("failed");
    QTest::addColumn<int>("status");
    QTest::addColumn<HeaderList>("headers");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("complete");

    const qsizetype large = 64 * 1024;
    QTest::newRow("content length")
        << "HTTP/1.1 200 OK\r\nContent-Type:  text/event-stream \r\nContent-Length: 9\r\n\r\ndata: x\n\nextra"_ba
        << large << false << 200 << HeaderList{{"Content-Type", "text/event-stream"}, {"Content-Length", "9"}}
        << "data: x\n\n"_ba << true;
    QTest::newRow("chunked with extension and trailer")
        << "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4;a=b\r\nWiki\r\n5\r\npedia\r\n0\r\nX-T: 1\r\n\r\n"_ba
        << large << false << 200 << HeaderList{{"Transfer-Encoding", "chunked"}} << "Wikipedia"_ba << true;
    QTest::newRow("close-delimited body ends with the input")
        << "HTTP/1.0 200 OK\r\n\r\ndata: a\n\n"_ba << large << false << 200 << HeaderList{}
        << "data: a\n\n"_ba << true;
    QTest::newRow("early hints skipped")
        << "HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"_ba
        << large << false << 200 << HeaderList{{"Content-Length", "2"}} << "ok"_ba << true;
    // Fuzzer finding: libhttp-parser read a chunked body after a 1xx head, handed out before the final head.
    QTest::newRow("interim response never has a body")
        << "HTTP/1.1 103 Early Hints\r\nTransfer-Encoding: chunked\r\n\r\n9\r\ndata: x\n\n\r\n0\r\n\r\n"_ba
        << large << true << 0 << HeaderList{} << QByteArray() << false;
    QTest::newRow("204 ends with its head")
        << "HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\nhello"_ba << large << false << 204
        << HeaderList{{"Content-Length", "5"}} << QByteArray() << true;
    QTest::newRow("304 ends with its head")
        << "HTTP/1.1 304 Not Modified\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"_ba
        << large << false << 304 << HeaderList{{"Transfer-Encoding", "chunked"}} << QByteArray() << true;
    // Fuzzer finding: "HTTP/1.1 2 ..." reached the relay as status 2.
    QTest::newRow("one-digit status refused") << "HTTP/1.1 2 OK\r\nContent-Length: 0\r\n\r\n"_ba << large
                                              << true << 0 << HeaderList{} << QByteArray() << false;
    QTest::newRow("status above 599 refused") << "HTTP/1.1 600 X\r\nContent-Length: 0\r\n\r\n"_ba << large
                                              << true << 0 << HeaderList{} << QByteArray() << false;
    QTest::newRow("switching protocols refused")
        << "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n"_ba << large << true << 0
        << HeaderList{} << QByteArray() << false;
    QTest::newRow("head larger than the limit")
        << "HTTP/1.1 200 OK\r\nX-Padding: 0123456789\r\n\r\n"_ba << qsizetype(20) << true << 0 << HeaderList{}
        << QByteArray() << false;
    QTest::newRow("head exactly at the limit") << "HTTP/1.1 200 OK\r\n\r\n"_ba << qsizetype(19) << false
                                               << 200 << HeaderList{} << QByteArray() << true;
}

void TestResponseParser::parse()
{
    QFETCH(QByteArray, response);
    QFETCH(qsizetype, maxHeadBytes);
    QFETCH(bool, failed);
    QFETCH(int, status);
    QFETCH(HeaderList, headers);
    QFETCH(QByteArray, body);
    QFETCH(bool, complete);
    for (const auto &[step, input] :
         {std::pair{qsizetype(0), Input::View}, std::pair{qsizetype(1), Input::View},
          std::pair{qsizetype(7), Input::View}, std::pair{qsizetype(0), Input::Array},
          std::pair{qsizetype(1), Input::Array}, std::pair{qsizetype(7), Input::Array}}) {
        const Outcome outcome = ::parse(response, step, maxHeadBytes, input);
        const QByteArray where = "fed in pieces of " + QByteArray::number(step) +
                                 (input == Input::Array ? " (arrays)" : " (views)");
        QVERIFY2(!outcome.bodyBeforeHead, where);
        QVERIFY2(outcome.failed == failed, where);
        if (failed)
            continue;
        QCOMPARE(outcome.status, status);
        QCOMPARE(outcome.headers, headers);
        QCOMPARE(outcome.body, body);
        QCOMPARE(outcome.complete, complete);
    }
}

void TestResponseParser::refusesFeedsAfterTheEnd()
{
    ResponseParser parser(1024);
    const QByteArray response = "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx"_ba;
    qsizetype offset = 0;
    while (!parser.isComplete() && !parser.hasFailed())
        offset += parser.feed(QByteArrayView(response).sliced(offset));
    QVERIFY(parser.isComplete());
    QCOMPARE(parser.feed("HTTP/1.1 200 OK\r\n\r\n"), 0);
}

void TestResponseParser::identityBodyReadIsShared()
{
    ResponseParser parser(1024);
    feedAll(parser, "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\n"_ba);
    QVERIFY(parser.takeHeadComplete());
    const QByteArray read = "data: one\n\ndata: two\n\n"_ba;
    QCOMPARE(parser.feed(read, 0), read.size());
    const QByteArray body = parser.takeBody();
    QCOMPARE(body, read);
    QCOMPARE(body.constData(), read.constData()); // the same bytes, not a copy
    // Part of a read is copied.
    const QByteArray next = "data: three\n\n"_ba;
    QCOMPARE(parser.feed(next, 5), next.size() - 5);
    QCOMPARE(parser.takeBody(), next.sliced(5));
}

void TestResponseParser::chunkedBodyIsOneBuffer()
{
    ResponseParser parser(1024);
    feedAll(parser, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"_ba);
    QVERIFY(parser.takeHeadComplete());
    QByteArray read;
    QByteArray expected;
    for (int i = 0; i < 40; ++i) {
        const QByteArray event = "data: " + QByteArray::number(i) + "\n\n";
        read += QByteArray::number(event.size(), 16) + "\r\n" + event + "\r\n";
        expected += event;
    }
    QCOMPARE(parser.feed(read, 0), read.size());
    const QByteArray body = parser.takeBody();
    QCOMPARE(body, expected);
    QCOMPARE(parser.feed("0\r\n\r\n"_ba, 0), 5);
    QVERIFY(parser.isComplete());
}

QTEST_APPLESS_MAIN(TestResponseParser)
#include "tst_responseparser.moc"
