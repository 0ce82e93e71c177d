#include "gateway/sse/sseparser.h"

#include <QRegularExpression>
#include <QScopeGuard>
#include <QTest>
#include <climits>

using namespace sd::gateway;
using namespace Qt::StringLiterals;

namespace {

// One expected block: its exact bytes when the input is fed in one piece, and what it dispatches.
struct ExpectedBlock
{
    QByteArray bytes;
    bool dispatched = false;
    QString type;
    QString data;
    QString lastEventId;
};
using ExpectedBlocks = QList<ExpectedBlock>;

ExpectedBlock withEvent(const QByteArray &bytes, const QString &data, const QString &lastEventId = {},
                        const QString &type = u"message"_s)
{
    return {bytes, true, type, data, lastEventId};
}

ExpectedBlock withoutEvent(const QByteArray &bytes, const QString &lastEventId = {})
{
    return {bytes, false, {}, {}, lastEventId};
}

enum class Feeding { Whole, ByteByByte, EverySplit };

} // namespace

Q_DECLARE_METATYPE(ExpectedBlock)
Q_DECLARE_METATYPE(Feeding)

class TestSseParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parse_data();
    void parse();
    void maxBlockSize_data();
    void maxBlockSize();
    void defaultMaxBlockSize();
    void atBoundary_data();
    void atBoundary();
    void finishRefusesLaterFeeds();
    void tenThousandEvents();

private:
    void runFeeds(const QByteArray &input, const QList<qsizetype> &cuts, const ExpectedBlocks &expected,
                  const QByteArray &tail, int retry, SseParser::Fields fields);
};

namespace {

void addParseRow(const char *name, const ExpectedBlocks &blocks, const QByteArray &tail = {}, int retry = -1)
{
    const std::pair<Feeding, const char *> feedings[] = {{Feeding::Whole, "whole"},
                                                         {Feeding::ByteByByte, "byte by byte"},
                                                         {Feeding::EverySplit, "every split"}};
    for (const auto &[feeding, label] : feedings)
        QTest::addRow("%s (%s)", name, label) << blocks << tail << retry << feeding;
}

// What atBoundary() must say after pos bytes, given the blocks reported so far.
bool expectedBoundary(const QByteArray &input, const QList<SseEvent> &events, qsizetype pos)
{
    if (events.isEmpty())
        return false;
    const qint64 end = events.last().end;
    return pos == end || (pos == end + 1 && input.at(end - 1) == '\r' && input.at(end) == '\n');
}

} // namespace

void TestSseParser::parse_data()
{
    QTest::addColumn<ExpectedBlocks>("blocks");
    QTest::addColumn<QByteArray>("tail");
    QTest::addColumn<int>("retry");
    QTest::addColumn<Feeding>("feeding");

    addParseRow("empty input", {});
    addParseRow("lf", {withEvent("data:a\ndata:b\n\n"_ba, u"a\nb"_s)});
    addParseRow("crlf", {withEvent("data:a\r\ndata:b\r\n\r\n"_ba, u"a\nb"_s)});
    addParseRow("cr", {withEvent("data:a\rdata:b\r\r"_ba, u"a\nb"_s)});
    addParseRow("mixed terminators", {withEvent("data:a\rdata:b\r\ndata:c\n\r\n"_ba, u"a\nb\nc"_s)});
    addParseRow("crlf split across feeds",
                {withEvent("data:a\r\n\r\n"_ba, u"a"_s), withEvent("data:b\r\n\r\n"_ba, u"b"_s)},
                "data:c\r\n"_ba);
    addParseRow("lf cr is two terminators",
                {withEvent("data:a\n\r"_ba, u"a"_s), withEvent("data:b\n\n"_ba, u"b"_s)});
    addParseRow("cr crlf lf", {withEvent("data:a\r\r\n"_ba, u"a"_s), withoutEvent("\n"_ba)});
    addParseRow("leading blank lines", {withoutEvent("\n"_ba), withoutEvent("\r\n"_ba), withoutEvent("\r"_ba),
                                        withEvent("data:a\n\n"_ba, u"a"_s)});
    addParseRow("multibyte char split",
                {withEvent("data:\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\n\n"_ba, u"\u00E9\u20AC\U0001F600"_s)});
    addParseRow("utf8 in type and id", {withEvent("event:\xC3\xA9\nid:\xE2\x82\xAC\ndata:x\n\n"_ba, u"x"_s,
                                                  u"\u20AC"_s, u"\u00E9"_s)});
    addParseRow("invalid utf8 replaced", {withEvent("data:\xFF\n\n"_ba, u"\uFFFD"_s)});
    addParseRow("bom dropped", {withEvent("\xEF\xBB\xBF"
                                          "data:a\n\n"_ba,
                                          u"a"_s)});
    addParseRow("bom alone", {withoutEvent("\xEF\xBB\xBF\n"_ba)});
    addParseRow("second bom breaks first event", {withoutEvent("\xEF\xBB\xBF\xEF\xBB\xBF"
                                                               "data:a\n\n"_ba),
                                                  withEvent("data:b\n\n"_ba, u"b"_s)});
    addParseRow("bom after stream start is content",
                {withEvent("data:a\n\n"_ba, u"a"_s), withoutEvent("\xEF\xBB\xBF"
                                                                  "data:b\n\n"_ba)});
    addParseRow("partial bom is content", {withoutEvent("\xEF\xBB"
                                                        "data:a\n\n"_ba),
                                           withEvent("data:b\n\n"_ba, u"b"_s)});
    addParseRow("partial bom before terminator",
                {withoutEvent("\xEF\xBB\n\n"_ba), withEvent("data:b\n\n"_ba, u"b"_s)});
    addParseRow("comment ignored", {withEvent(":comment\ndata:a\n: another\n\n"_ba, u"a"_s)});
    addParseRow("comment only block not dispatched", {withoutEvent(": heartbeat\n\n"_ba)});
    addParseRow("colon only line is a comment", {withoutEvent(":\n\n"_ba)});
    addParseRow("heartbeat between events", {withEvent("data:a\n\n"_ba, u"a"_s), withoutEvent(":\n\n"_ba),
                                             withEvent("data:b\n\n"_ba, u"b"_s)});
    addParseRow("colon in value", {withEvent("data:x:y\n\n"_ba, u"x:y"_s)});
    addParseRow("no space after colon", {withEvent("data:x\n\n"_ba, u"x"_s)});
    addParseRow("one leading space removed only", {withEvent("data:  x\n\n"_ba, u" x"_s)});
    addParseRow("trailing spaces kept", {withEvent("data: a  \n\n"_ba, u"a  "_s)});
    addParseRow("field without colon", {withEvent("data\ndata\n\n"_ba, u"\n"_s)});
    addParseRow("data without colon dispatches empty data", {withEvent("data\n\n"_ba, u""_s)});
    addParseRow("event without colon resets type", {withEvent("event:x\nevent\ndata:a\n\n"_ba, u"a"_s)});
    addParseRow("case-sensitive field names", {withoutEvent("DATA:a\nData:b\nEVENT:x\nId:5\nRETRY:9\n\n"_ba),
                                               withEvent("data:c\n\n"_ba, u"c"_s)});
    addParseRow("data with space before colon", {withoutEvent("data :a\n\n"_ba)});
    addParseRow("unknown field ignored", {withEvent("foo:bar\ndata:a\n\n"_ba, u"a"_s)});
    addParseRow("space-only line is a field name", {withoutEvent(" \n\n"_ba)});
    addParseRow("nul in data kept", {withEvent("data:a\0b\n\n"_ba, u"a\0b"_s)});
    addParseRow("id with nul ignored", {withEvent("id:1\ndata:a\n\n"_ba, u"a"_s, u"1"_s),
                                        withEvent("id:2\0x\ndata:b\n\n"_ba, u"b"_s, u"1"_s)});
    addParseRow("empty id resets", {withEvent("id:1\ndata:a\n\n"_ba, u"a"_s, u"1"_s),
                                    withEvent("id:\ndata:b\n\n"_ba, u"b"_s, u""_s)});
    addParseRow("id without colon resets", {withEvent("id:1\ndata:a\n\n"_ba, u"a"_s, u"1"_s),
                                            withEvent("id\ndata:b\n\n"_ba, u"b"_s, u""_s)});
    addParseRow("id persists",
                {withEvent("id:7\ndata:a\n\n"_ba, u"a"_s, u"7"_s), withEvent("data:b\n\n"_ba, u"b"_s, u"7"_s),
                 withoutEvent(":c\n\n"_ba, u"7"_s)});
    addParseRow("id only block updates last event id",
                {withoutEvent("id:5\n\n"_ba, u"5"_s), withEvent("data:a\n\n"_ba, u"a"_s, u"5"_s)});
    addParseRow("id leading space removed", {withEvent("id: 42\ndata:a\n\n"_ba, u"a"_s, u"42"_s)});
    addParseRow("id after data in same block", {withEvent("data:a\nid:3\n\n"_ba, u"a"_s, u"3"_s)});
    addParseRow("id of unfinished event not applied", {withEvent("id:1\ndata:a\n\n"_ba, u"a"_s, u"1"_s)},
                "id:2\ndata:b\n"_ba);
    addParseRow("retry digits only", {withoutEvent("retry:1500\n\n"_ba)}, {}, 1500);
    addParseRow("retry invalid values ignored",
                {withoutEvent(
                    "retry:100\nretry:1e3\nretry:-5\nretry:  7\nretry:\nretry\nretry:1.5\nretry:+3\n\n"_ba)},
                {}, 100);
    addParseRow("retry one leading space removed", {withoutEvent("retry: 20\n\n"_ba)}, {}, 20);
    addParseRow("retry huge clamped", {withoutEvent("retry:99999999999999999999\n\n"_ba)}, {}, INT_MAX);
    addParseRow("retry applies without blank line", {}, "retry:250\n"_ba, 250);
    addParseRow("block without data not dispatched",
                {withoutEvent("event:add\nid:9\nretry:10\n:c\n\n"_ba, u"9"_s)}, {}, 10);
    addParseRow("empty data dispatched", {withEvent("data:\n\n"_ba, u""_s)});
    addParseRow("trailing lf removed", {withEvent("data:a\ndata:\n\n"_ba, u"a\n"_s)});
    addParseRow("data lines joined", {withEvent("data:1\ndata:2\ndata:3\n\n"_ba, u"1\n2\n3"_s)});
    addParseRow("event type default", {withEvent("data:a\n\n"_ba, u"a"_s)});
    addParseRow("event type set", {withEvent("event:add\ndata:a\n\n"_ba, u"a"_s, {}, u"add"_s)});
    addParseRow("empty event type is message", {withEvent("event:\ndata:a\n\n"_ba, u"a"_s)});
    addParseRow(
        "event type reset after dispatch",
        {withEvent("event:add\ndata:a\n\n"_ba, u"a"_s, {}, u"add"_s), withEvent("data:b\n\n"_ba, u"b"_s)});
    addParseRow("event type reset by block without data",
                {withoutEvent("event:add\n\n"_ba), withEvent("data:b\n\n"_ba, u"b"_s)});
    addParseRow("unfinished event discarded at end", {withEvent("data:a\n\n"_ba, u"a"_s)}, "data:b\n"_ba);
    addParseRow("unfinished line discarded at end", {withEvent("data:a\n\n"_ba, u"a"_s)}, "data:b"_ba);
    addParseRow("unfinished cr line discarded at end", {}, "data:a\r"_ba);
}

void TestSseParser::parse()
{
    QFETCH(ExpectedBlocks, blocks);
    QFETCH(QByteArray, tail);
    QFETCH(int, retry);
    QFETCH(Feeding, feeding);

    QByteArray input;
    for (const ExpectedBlock &expected : std::as_const(blocks))
        input += expected.bytes;
    input += tail;

    QList<QList<qsizetype>> runs;
    switch (feeding) {
    case Feeding::Whole:
        runs.append(QList<qsizetype>());
        break;
    case Feeding::ByteByByte: {
        QList<qsizetype> cuts;
        for (qsizetype pos = 1; pos < input.size(); ++pos)
            cuts.append(pos);
        runs.append(cuts);
        break;
    }
    case Feeding::EverySplit:
        for (qsizetype pos = 0; pos <= input.size(); ++pos)
            runs.append(QList<qsizetype>{pos});
        break;
    }
    // A relay's parser keeps no text but must find the same blocks.
    for (const auto fields : {SseParser::Fields::Text, SseParser::Fields::Boundaries}) {
        for (const QList<qsizetype> &cuts : std::as_const(runs)) {
            runFeeds(input, cuts, blocks, tail, retry, fields);
            if (QTest::currentTestFailed()) {
                qWarning() << "feeds cut at" << cuts << "text" << (fields == SseParser::Fields::Text);
                return;
            }
        }
    }
}

// Feeds input in pieces cut at the given offsets and checks blocks, spans, boundaries, retry and the tail
// (and the event texts when the parser keeps them).
void TestSseParser::runFeeds(const QByteArray &input, const QList<qsizetype> &cuts,
                             const ExpectedBlocks &expected, const QByteArray &tail, int retry,
                             SseParser::Fields fields)
{
    const bool text = fields == SseParser::Fields::Text;
    SseParser parser(SseParser::defaultMaxBlockSize, fields);
    QList<SseEvent> events;
    qsizetype pos = 0;
    for (const qsizetype cut : cuts + QList<qsizetype>{input.size()}) {
        QVERIFY(parser.feed(QByteArrayView(input).sliced(pos, cut - pos), events).ok());
        pos = cut;
        QCOMPARE(parser.atBoundary(), expectedBoundary(input, events, pos));
    }

    // A blank line's CRLF cut after its CR ends that block at the CR; the LF opens the next span.
    QList<QByteArray> spans;
    bool lfMoved = false;
    qsizetype offset = 0;
    for (const ExpectedBlock &block : expected) {
        QByteArray span = lfMoved ? "\n"_ba + block.bytes : block.bytes;
        offset += block.bytes.size();
        lfMoved = block.bytes.endsWith("\r\n") && cuts.contains(offset - 1);
        if (lfMoved)
            span.chop(1);
        spans.append(span);
    }
    const QByteArray expectedTail = lfMoved ? "\n"_ba + tail : tail;

    QCOMPARE(events.size(), expected.size());
    qint64 begin = 0;
    QByteArray joined;
    for (qsizetype i = 0; i < events.size(); ++i) {
        auto context = qScopeGuard([i] { qWarning() << "at block" << i; });
        const SseEvent &got = events.at(i);
        QCOMPARE(got.begin, begin);
        QCOMPARE(input.sliced(got.begin, got.end - got.begin), spans.at(i));
        QCOMPARE(got.dispatched, expected.at(i).dispatched);
        QCOMPARE(got.type, text ? expected.at(i).type : QString());
        QCOMPARE(got.data, text ? expected.at(i).data : QString());
        QCOMPARE(got.lastEventId, text ? expected.at(i).lastEventId : QString());
        joined += input.sliced(got.begin, got.end - got.begin);
        begin = got.end;
        context.dismiss();
    }
    QCOMPARE(joined, input.first(begin));
    QCOMPARE(input.sliced(begin), expectedTail);
    QCOMPARE(parser.retry().value_or(-1), retry);
    QCOMPARE(parser.lastEventId(), events.isEmpty() ? QString() : events.last().lastEventId);
    QCOMPARE(parser.finish(), expectedTail.size());
    QVERIFY(!parser.atBoundary());
}

void TestSseParser::maxBlockSize_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<bool>("byteByByte");
    QTest::addColumn<int>("blocksBeforeError");
    QTest::addColumn<bool>("fails");

    // The limit is 17 bytes: exactly the size of "data:0123456789\n\n".
    const std::pair<const char *, bool> feedings[] = {{"whole", false}, {"byte by byte", true}};
    for (const auto &[label, byteByByte] : feedings) {
        QTest::addRow("block at limit (%s)", label) << "data:0123456789\n\n"_ba << byteByByte << 1 << false;
        // 18 bytes in one piece; cut after the final CR, the block is 17 bytes and its LF opens the next one.
        QTest::addRow("crlf block one over limit (%s)", label)
            << "data:012345678\r\n\r\n"_ba << byteByByte << (byteByByte ? 1 : 0) << !byteByByte;
        QTest::addRow("block over limit (%s)", label) << "data:01234567890\n\n"_ba << byteByByte << 0 << true;
        QTest::addRow("blocks each at limit (%s)", label)
            << "data:0123456789\n\n"_ba.repeated(3) << byteByByte << 3 << false;
        QTest::addRow("line over limit without terminator (%s)", label)
            << "data:"_ba + QByteArray(13, 'x') << byteByByte << 0 << true;
        QTest::addRow("pending block at limit (%s)", label)
            << "data:0123456789\n"_ba << byteByByte << 0 << false;
        QTest::addRow("comment lines over limit (%s)", label)
            << ":a\n"_ba.repeated(6) << byteByByte << 0 << true;
        QTest::addRow("error after good blocks (%s)", label)
            << "data:a\n\n:hb\n\ndata:"_ba + QByteArray(30, 'x') + "\n\n"_ba << byteByByte << 2 << true;
    }
}

void TestSseParser::maxBlockSize()
{
    QFETCH(QByteArray, input);
    QFETCH(bool, byteByByte);
    QFETCH(int, blocksBeforeError);
    QFETCH(bool, fails);

    SseParser parser(17);
    QList<SseEvent> events;
    if (fails)
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"^block exceeds 17 bytes"_s));
    bool failed = false;
    const qsizetype step = byteByByte ? 1 : input.size();
    for (qsizetype pos = 0; pos < input.size() && !failed; pos += step)
        failed =
            !parser.feed(QByteArrayView(input).sliced(pos, std::min(step, input.size() - pos)), events).ok();
    QCOMPARE(failed, fails);
    QCOMPARE(events.size(), blocksBeforeError);
    if (!fails)
        return;

    QVERIFY(!parser.atBoundary());
    const sd::models::Status again = parser.feed("data:x\n\n", events);
    QVERIFY(!again.ok());
    QVERIFY(again.error().message.contains(u"17"_s));
    QCOMPARE(events.size(), blocksBeforeError);
}

void TestSseParser::defaultMaxBlockSize()
{
    QCOMPARE(SseParser::defaultMaxBlockSize, 1024 * 1024);
    const QByteArray prefix = "data:"_ba;
    const QByteArray atLimit =
        prefix + QByteArray(SseParser::defaultMaxBlockSize - prefix.size() - 2, 'x') + "\n\n";

    SseParser parser(SseParser::defaultMaxBlockSize, SseParser::Fields::Text);
    QList<SseEvent> events;
    QVERIFY(parser.feed(atLimit, events).ok());
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.first().data.size(), atLimit.size() - prefix.size() - 2);

    // A huge chunk without any terminator is refused instead of being buffered.
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"^block exceeds 1048576 bytes"_s));
    QVERIFY(!parser.feed(QByteArray(8 * SseParser::defaultMaxBlockSize, 'x'), events).ok());
    QCOMPARE(events.size(), 1);
}

void TestSseParser::atBoundary_data()
{
    QTest::addColumn<QByteArrayList>("feeds");
    QTest::addColumn<QList<bool>>("boundaries");

    QTest::newRow("complete event") << QByteArrayList{"data:a\n\n"} << QList<bool>{true};
    QTest::newRow("nothing fed yet") << QByteArrayList{""} << QList<bool>{false};
    QTest::newRow("partial line") << QByteArrayList{"data:a\n\n", "data"} << QList<bool>{true, false};
    QTest::newRow("partial block") << QByteArrayList{"data:a\n\n", "data:b\n"} << QList<bool>{true, false};
    QTest::newRow("comment line pending") << QByteArrayList{":hb\n", "\n"} << QList<bool>{false, true};
    QTest::newRow("lone cr ends block")
        << QByteArrayList{"data:a\n\r", "\n", "d"} << QList<bool>{true, true, false};
    QTest::newRow("lone cr then other byte")
        << QByteArrayList{"data:a\n\r", "data"} << QList<bool>{true, false};
    QTest::newRow("cr ends field line")
        << QByteArrayList{"data:a\r", "\n", "\r", "\n", ""} << QList<bool>{false, false, true, true, true};
    QTest::newRow("leading bom") << QByteArrayList{"\xEF", "\xBB\xBF", "\n"}
                                 << QList<bool>{false, false, true};
    QTest::newRow("crlf blank line in one feed") << QByteArrayList{"data:a\r\n\r\n"} << QList<bool>{true};
}

void TestSseParser::atBoundary()
{
    QFETCH(QByteArrayList, feeds);
    QFETCH(QList<bool>, boundaries);

    SseParser parser;
    QVERIFY(!parser.atBoundary());
    QList<SseEvent> events;
    for (qsizetype i = 0; i < feeds.size(); ++i) {
        QVERIFY(parser.feed(feeds.at(i), events).ok());
        QCOMPARE(parser.atBoundary(), boundaries.at(i));
    }
}

void TestSseParser::finishRefusesLaterFeeds()
{
    SseParser parser;
    QList<SseEvent> events;
    QVERIFY(parser.feed("data:a\n\nid:2\ndata:b", events).ok());
    QCOMPARE(events.size(), 1);
    QCOMPARE(parser.finish(), 11);
    QVERIFY(!parser.atBoundary());
    QCOMPARE(parser.lastEventId(), QString());

    const sd::models::Status refused = parser.feed("\n\n", events);
    QVERIFY(!refused.ok());
    QVERIFY(refused.error().message.contains(u"finished"_s));
    QCOMPARE(events.size(), 1);
}

void TestSseParser::tenThousandEvents()
{
    constexpr int eventCount = 10000;
    QByteArray input;
    for (int i = 0; i < eventCount; ++i) {
        input +=
            "id:" + QByteArray::number(i) + "\nevent:tick\ndata:{\"n\":" + QByteArray::number(i) + "}\n\n";
        if (i % 100 == 99)
            input += ":heartbeat\n\n";
    }

    // Chunk sizes vary so that lines, terminators and blocks are split in every possible way.
    const qsizetype chunkSizes[] = {1, 7, 64, 1000, 4096, 3, 16384};
    SseParser parser(SseParser::defaultMaxBlockSize, SseParser::Fields::Text);
    QList<SseEvent> events;
    qsizetype pos = 0;
    for (int i = 0; pos < input.size(); ++i) {
        const qsizetype size = std::min(chunkSizes[i % std::size(chunkSizes)], input.size() - pos);
        QVERIFY(parser.feed(QByteArrayView(input).sliced(pos, size), events).ok());
        pos += size;
    }

    QCOMPARE(events.size(), eventCount + eventCount / 100);
    QCOMPARE(std::count_if(events.cbegin(), events.cend(), [](const SseEvent &e) { return e.dispatched; }),
             eventCount);
    const SseEvent &middle = events.at(5000 + 5000 / 100);
    QVERIFY(middle.dispatched);
    QCOMPARE(middle.type, u"tick"_s);
    QCOMPARE(middle.data, u"{\"n\":5000}"_s);
    QCOMPARE(middle.lastEventId, u"5000"_s);
    QVERIFY(!events.last().dispatched);
    QCOMPARE(events.last().lastEventId, u"9999"_s);

    QByteArray joined;
    qint64 begin = 0;
    for (const SseEvent &event : std::as_const(events)) {
        QCOMPARE(event.begin, begin);
        joined += QByteArrayView(input).sliced(event.begin, event.end - event.begin);
        begin = event.end;
    }
    QCOMPARE(joined, input);
    QVERIFY(parser.atBoundary());
    QCOMPARE(parser.finish(), 0);
}

QTEST_APPLESS_MAIN(TestSseParser)
#include "tst_sseparser.moc"
