// The stream viewer driven as a user does: against the sample sse-server, a POST stream, the real
// gateway's refusals and its self-signed certificate.
#include "tests/gateway/client/recordingserver.h"
#include "tests/gateway/server/gatewayfixture.h"
#include "tests/gateway/server/testbackend.h"
#include "tests/tools/sseserverprocess.h"
#include "ui/common/filechooser.h"
#include "ui/common/messagebox.h"
#include "ui/viewer/streameventmodel.h"
#include "ui/viewer/streamplot.h"
#include "ui/viewer/streamviewer.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QListView>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QTabBar>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sd::gateway;
using namespace sd::gateway::test;
using namespace sd::ui;

namespace {

// How long a condition may take on a loaded machine; met conditions end the wait at once.
constexpr int waitMs = 20000;
const QString streamPath = u"/observer/1.0.0/memory"_s;

template <typename T> T *child(const QWidget &root, const QString &name)
{
    auto *widget = root.findChild<T *>(name);
    if (!widget)
        qWarning("no widget %s", qPrintable(name));
    return widget;
}

QString labelText(const QWidget &root, const QString &name)
{
    const auto *label = child<QLabel>(root, name);
    return label && label->isVisible() ? label->text() : QString();
}

bool anyRowHasData(const StreamEventModel &model, const QString &part)
{
    for (int row = 0; row < model.rowCount(); ++row) {
        if (model.event(row).event.data.contains(part))
            return true;
    }
    return false;
}

} // namespace

class TestStreamViewer final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void liveRowsDetailsAndPlot();
    void filtersPauseAndClear();
    void exportsJsonLines();
    void reconnectShowsTheState();
    void reconnectSendsLastEventId();
    void capacityIsConfigurable();
    void postWithHeadersAndBody();
    void refusalsInPlainWords_data();
    void refusalsInPlainWords();
    void quotaSpentSaysWhenItResets();
    void trustsACertificateWhenAsked();
    void followsTheTailOnlyFromTheBottom();
    void keyboardWalk();

private:
    void startViewer();
    void typeUrlAndConnect(const QString &url);
    /// The gateway on plain HTTP or TLS with the Observer API on the test backend and a subscriber.
    void setUpGateway(bool tls, const QString &plan = {});
    /// The Observer stream on the gateway, with `token` as bearer (no Authorization header when empty).
    StreamRequest gatewayRequest(const QString &token) const;

    std::unique_ptr<StreamViewer> m_viewer;
    std::unique_ptr<GatewayFixture> m_gateway;
    std::unique_ptr<TestBackend> m_backend;
    Subscriber m_subscriber;
};

void TestStreamViewer::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"StreamDeskTests"_s);
}

void TestStreamViewer::init()
{
    QSettings().remove(u"viewerPinnedCertificates"_s);
    startViewer();
}

void TestStreamViewer::cleanup()
{
    m_viewer.reset();
    m_gateway.reset();
    m_backend.reset();
}

void TestStreamViewer::startViewer()
{
    m_viewer = std::make_unique<StreamViewer>();
    m_viewer->resize(1200, 760);
    m_viewer->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_viewer.get()));
}

void TestStreamViewer::typeUrlAndConnect(const QString &url)
{
    auto *edit = child<QLineEdit>(*m_viewer, u"streamUrl"_s);
    QVERIFY(edit);
    edit->clear();
    QTest::keyClicks(edit, url);
    auto *connectButton = child<QPushButton>(*m_viewer, u"connectButton"_s);
    QVERIFY(connectButton->isEnabled());
    QTest::mouseClick(connectButton, Qt::LeftButton);
}

void TestStreamViewer::setUpGateway(bool tls, const QString &plan)
{
    m_backend = std::make_unique<TestBackend>();
    QVERIFY(m_backend->listen());
    m_gateway = std::make_unique<GatewayFixture>(tls);
    const auto started = m_gateway->start();
    QVERIFY2(started, started ? "" : qPrintable(started.error().message));
    SubscriberOptions options;
    QStringList plans{u"AsyncGold"_s};
    if (!plan.isEmpty()) {
        const auto added = m_gateway->addPlan(plan, 1, 86400);
        QVERIFY2(added, added ? "" : qPrintable(added.error().message));
        plans = {plan};
        options.plan = plan;
    }
    const auto api = m_gateway->deployedApi(m_backend->endpoint(), plans);
    QVERIFY2(api, api ? "" : qPrintable(api.error().message));
    const auto subscriber = m_gateway->subscriber(api->id, options);
    QVERIFY2(subscriber, subscriber ? "" : qPrintable(subscriber.error().message));
    m_subscriber = subscriber.value();
}

StreamRequest TestStreamViewer::gatewayRequest(const QString &token) const
{
    StreamRequest request;
    request.url = QUrl(u"%1://127.0.0.1:%2%3"_s.arg(m_gateway->tls() ? u"https"_s : u"http"_s)
                           .arg(m_gateway->gatewayPort())
                           .arg(streamPath));
    if (!token.isEmpty())
        request.setBearerToken(token);
    return request;
}

void TestStreamViewer::liveRowsDetailsAndPlot()
{
    sd::tools::SseServerProcess server;
    QVERIFY2(server.start({u"--time=5000"_s, u"--interval=100"_s}), qPrintable(server.error()));
    typeUrlAndConnect(u"http://127.0.0.1:%1/memory"_s.arg(server.port()));

    QTRY_COMPARE_WITH_TIMEOUT(labelText(*m_viewer, u"streamState"_s), u"Open - HTTP 200"_s, waitMs);
    QCOMPARE(child<QPushButton>(*m_viewer, u"connectButton"_s)->accessibleName(), u"Disconnect"_s);
    auto *model = m_viewer->model();
    QTRY_VERIFY_WITH_TIMEOUT(model->rowCount() >= 5, waitMs);
    QVERIFY(anyRowHasData(*model, u"\"identifier\":\"ram_"_s));
    QCOMPARE(model->index(0, StreamEventModel::Type).data().toString(), u"message"_s);

    // The plot found the sample's fields, plots heap and nonHeap, not the timestamp.
    auto *plot = m_viewer->plot();
    QTRY_VERIFY_WITH_TIMEOUT(plot->series(u"heap"_s) && plot->series(u"heap"_s)->count() >= 2, waitMs);
    QVERIFY(plot->series(u"nonHeap"_s)->isVisible());
    QVERIFY(!plot->series(u"ts"_s)->isVisible());
    QVERIFY(plot->series(u"heap"_s)->points().last().y() > 0);
    QTRY_VERIFY_WITH_TIMEOUT(!labelText(*m_viewer, u"streamRates"_s).startsWith(u"0 events/s"_s), waitMs);

    // Selecting the first row shows its data as indented JSON and its raw bytes with escapes.
    auto *table = child<QTableView>(*m_viewer, u"eventTable"_s);
    table->setFocus();
    QTest::keyClick(table, Qt::Key_Home);
    const auto detail = child<QPlainTextEdit>(*m_viewer, u"eventDetail"_s)->toPlainText();
    QVERIFY2(detail.contains(u"\n    \"heap\": "_s), qPrintable(detail));
    QVERIFY(detail.contains(u"\"identifier\": \"ram_"_s));
    const auto raw = child<QPlainTextEdit>(*m_viewer, u"eventRaw"_s)->toPlainText();
    QVERIFY2(raw.startsWith(u"data:{\"heap\":"_s), qPrintable(raw));
    QVERIFY(raw.contains(u"}\\n\n\\n"_s));
    QTest::keySequence(table, QKeySequence::Copy);
    QCOMPARE(QApplication::clipboard()->text(), model->event(0).event.data);

    QTest::mouseClick(child<QPushButton>(*m_viewer, u"connectButton"_s), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(m_viewer->client()->state(), SseClient::State::Closed, waitMs);
    QVERIFY(labelText(*m_viewer, u"streamState"_s).startsWith(u"Closed"_s));
}

void TestStreamViewer::filtersPauseAndClear()
{
    sd::tools::SseServerProcess server;
    QVERIFY2(server.start({u"--time=5000"_s, u"--interval=100"_s}), qPrintable(server.error()));
    typeUrlAndConnect(u"http://127.0.0.1:%1/memory"_s.arg(server.port()));
    auto *model = m_viewer->model();
    QTRY_VERIFY_WITH_TIMEOUT(model->rowCount() >= 12, waitMs);

    auto *table = child<QTableView>(*m_viewer, u"eventTable"_s);
    QTest::keyClicks(child<QLineEdit>(*m_viewer, u"eventFilter"_s), u"ram_1"_s);
    QVERIFY(table->model()->rowCount() >= 1);
    QVERIFY(table->model()->rowCount() < model->rowCount());
    for (int row = 0; row < table->model()->rowCount(); ++row)
        QVERIFY(table->model()->index(row, StreamEventModel::Preview).data().toString().contains(u"ram_1"));
    child<QLineEdit>(*m_viewer, u"eventFilter"_s)->clear();
    auto *types = child<QComboBox>(*m_viewer, u"eventTypeFilter"_s);
    QCOMPARE(types->count(), 2);
    QCOMPARE(types->itemText(1), u"message"_s);

    // Paused, events keep arriving and wait; resuming inserts them.
    auto *pause = child<QPushButton>(*m_viewer, u"pauseButton"_s);
    QTest::mouseClick(pause, Qt::LeftButton);
    QCOMPARE(pause->accessibleName(), u"Resume"_s);
    const int shown = model->rowCount();
    QTRY_VERIFY_WITH_TIMEOUT(labelText(*m_viewer, u"waitingLabel"_s).contains(u"waiting"_s), waitMs);
    QTRY_VERIFY_WITH_TIMEOUT(model->waitingCount() >= 2, waitMs);
    QCOMPARE(model->rowCount(), shown);
    QTest::mouseClick(pause, Qt::LeftButton);
    QVERIFY(model->rowCount() >= shown + 2);
    QCOMPARE(labelText(*m_viewer, u"waitingLabel"_s), QString());

    QTest::mouseClick(child<QPushButton>(*m_viewer, u"clearEventsButton"_s), Qt::LeftButton);
    QVERIFY(model->rowCount() <= 1); // a batch may arrive right after
    QCOMPARE(m_viewer->plot()->series(u"heap"_s), nullptr);
    QTRY_VERIFY_WITH_TIMEOUT(model->rowCount() >= 1, waitMs); // the stream goes on
}

void TestStreamViewer::exportsJsonLines()
{
    sd::tools::SseServerProcess server;
    QVERIFY2(server.start({u"--time=5000"_s, u"--interval=100"_s}), qPrintable(server.error()));
    typeUrlAndConnect(u"http://127.0.0.1:%1/memory"_s.arg(server.port()));
    QTRY_VERIFY_WITH_TIMEOUT(m_viewer->model()->rowCount() >= 3, waitMs);
    QTest::mouseClick(child<QPushButton>(*m_viewer, u"pauseButton"_s), Qt::LeftButton);
    const int rows = m_viewer->model()->rowCount();

    QTemporaryDir dir;
    const QString path = dir.filePath(u"events.jsonl"_s);
    FileChooser::setNextAnswer(path);
    QTest::mouseClick(child<QPushButton>(*m_viewer, u"exportButton"_s), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(labelText(*m_viewer, u"viewerNotice"_s).startsWith(u"Exported"_s), waitMs);
    QVERIFY(labelText(*m_viewer, u"viewerNotice"_s).contains(path));

    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const auto lines = file.readAll().split('\n');
    QCOMPARE(lines.size(), rows + 1); // each line ends with a newline
    QVERIFY(lines.last().isEmpty());
    for (qsizetype i = 0; i < rows; ++i) {
        QJsonParseError error;
        const auto object = QJsonDocument::fromJson(lines.at(i), &error).object();
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(object.value(u"type"_s).toString(), u"message"_s);
        QVERIFY(object.contains(u"id"_s));
        QCOMPARE(QDateTime::fromString(object.value(u"receivedAt"_s).toString(), Qt::ISODateWithMs),
                 m_viewer->model()->event(int(i)).receivedAt);
        QCOMPARE(object.value(u"data"_s).toString(), m_viewer->model()->event(int(i)).event.data);
        QVERIFY(object.value(u"data"_s).toString().contains(u"\"identifier\":\"ram_"_s));
    }
}

void TestStreamViewer::reconnectShowsTheState()
{
    sd::tools::SseServerProcess server;
    QVERIFY2(server.start({u"--time=1000"_s, u"--interval=100"_s}), qPrintable(server.error()));
    typeUrlAndConnect(u"http://127.0.0.1:%1/memory"_s.arg(server.port()));
    QTRY_COMPARE_WITH_TIMEOUT(labelText(*m_viewer, u"streamState"_s), u"Open - HTTP 200"_s, waitMs);
    // The stream ends after a second; the viewer waits the default 3 s and connects again.
    QTRY_VERIFY_WITH_TIMEOUT(labelText(*m_viewer, u"streamState"_s).startsWith(u"Waiting to reconnect in "_s),
                             waitMs);
    QVERIFY2(labelText(*m_viewer, u"streamState"_s).endsWith(u" s (attempt 1)"_s),
             qPrintable(labelText(*m_viewer, u"streamState"_s)));
    const int before = m_viewer->model()->rowCount() + m_viewer->model()->waitingCount();
    QTRY_COMPARE_WITH_TIMEOUT(labelText(*m_viewer, u"streamState"_s), u"Open - HTTP 200"_s, waitMs);
    QTRY_VERIFY_WITH_TIMEOUT(m_viewer->model()->rowCount() > before, waitMs);

    // Unticked, the next end of the stream closes it.
    QTest::mouseClick(child<QCheckBox>(*m_viewer, u"autoReconnect"_s), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(labelText(*m_viewer, u"streamState"_s).startsWith(u"Closed"_s), waitMs);
    QCOMPARE(m_viewer->client()->state(), SseClient::State::Closed);
}

void TestStreamViewer::reconnectSendsLastEventId()
{
    TestBackend backend;
    QVERIFY(backend.listen());
    typeUrlAndConnect(backend.endpoint() + u"/memory"_s);
    QTRY_COMPARE_WITH_TIMEOUT(backend.requestCount(), 1, waitMs);
    QVERIFY(backend.requestHeader(0, "Last-Event-ID").isNull());
    backend.send(0, "retry: 300\nid: 7\ndata: {\"heap\":1}\n\nid: 8\ndata: {\"heap\":2}\n\n");
    QTRY_COMPARE_WITH_TIMEOUT(m_viewer->model()->rowCount(), 2, waitMs);
    backend.end(0);
    QTRY_VERIFY_WITH_TIMEOUT(labelText(*m_viewer, u"streamState"_s).startsWith(u"Waiting to reconnect in "_s),
                             waitMs);
    QTRY_COMPARE_WITH_TIMEOUT(backend.requestCount(), 2, waitMs);
    QCOMPARE(backend.requestHeader(1, "Last-Event-ID"), "8");
    QTRY_COMPARE_WITH_TIMEOUT(labelText(*m_viewer, u"streamState"_s), u"Open - HTTP 200"_s, waitMs);
    backend.send(1, "id: 9\ndata: {\"heap\":3}\n\n");
    QTRY_COMPARE_WITH_TIMEOUT(m_viewer->model()->rowCount(), 3, waitMs);
    QCOMPARE(m_viewer->model()->index(2, StreamEventModel::Id).data().toString(), u"9"_s);
}

void TestStreamViewer::capacityIsConfigurable()
{
    auto *capacity = child<QSpinBox>(*m_viewer, u"capacity"_s);
    QCOMPARE(capacity->value(), StreamEventModel::defaultCapacity);
    capacity->setFocus();
    capacity->selectAll();
    QTest::keyClicks(capacity, u"500"_s);
    QTest::keyClick(capacity, Qt::Key_Return);
    QCOMPARE(m_viewer->model()->capacity(), 500);
    m_viewer->setCapacity(2000);
    QCOMPARE(capacity->value(), 2000);
}

void TestStreamViewer::postWithHeadersAndBody()
{
    RecordingServer server;
    QVERIFY(server.listen());
    server.setStream("id: 1\nevent: token\ndata: {\"text\":\"Hel\"}\n\nid: 2\nevent: token\ndata: "
                     "{\"text\":\"lo\"}\n\n: done\n\n");

    auto *method = child<QComboBox>(*m_viewer, u"streamMethod"_s);
    auto *body = child<QPlainTextEdit>(*m_viewer, u"streamBody"_s);
    QVERIFY(!body->isVisible());
    method->setFocus();
    QTest::keyClick(method, Qt::Key_Down);
    QCOMPARE(method->currentText(), u"POST"_s);
    QVERIFY(body->isVisible());
    QTest::keyClicks(body, u"{\"prompt\":\"Hello\"}"_s);

    QTest::mouseClick(child<QPushButton>(*m_viewer, u"addHeaderButton"_s), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(qobject_cast<QLineEdit *>(QApplication::focusWidget()), waitMs);
    QTest::keyClicks(QApplication::focusWidget(), u"X-Trace"_s);
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
    QTRY_VERIFY_WITH_TIMEOUT(qobject_cast<QLineEdit *>(QApplication::focusWidget()), waitMs);
    QTest::keyClicks(QApplication::focusWidget(), u"abc 123"_s);
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
    QTest::keyClicks(child<QLineEdit>(*m_viewer, u"lastEventId"_s), u"41"_s);
    QTest::mouseClick(child<QCheckBox>(*m_viewer, u"autoReconnect"_s), Qt::LeftButton);

    typeUrlAndConnect(server.url(u"/v1/chat"_s));
    QTRY_COMPARE_WITH_TIMEOUT(server.requests().size(), 1, waitMs);
    const auto &request = server.requests().first();
    QCOMPARE(request.method, "POST");
    QCOMPARE(request.target, "/v1/chat");
    QCOMPARE(request.body, "{\"prompt\":\"Hello\"}");
    QCOMPARE(request.header("X-Trace"), "abc 123");
    QCOMPARE(request.header("Last-Event-ID"), "41");
    QTRY_COMPARE_WITH_TIMEOUT(m_viewer->model()->rowCount(), 3, waitMs);
    QCOMPARE(m_viewer->model()->index(1, StreamEventModel::Type).data().toString(), u"token"_s);
    QCOMPARE(m_viewer->model()->index(1, StreamEventModel::Id).data().toString(), u"2"_s);
    QCOMPARE(m_viewer->model()->index(2, StreamEventModel::Type).data().toString(), u"(comment)"_s);
    auto *table = child<QTableView>(*m_viewer, u"eventTable"_s);
    QCOMPARE(table->model()->rowCount(), 3);
    QTest::mouseClick(child<QCheckBox>(*m_viewer, u"showComments"_s), Qt::LeftButton);
    QCOMPARE(table->model()->rowCount(), 2); // the comment-only block is kept but hidden
    QCOMPARE(m_viewer->model()->rowCount(), 3);
    QCOMPARE(m_viewer->request().method, "POST");
}

void TestStreamViewer::refusalsInPlainWords_data()
{
    QTest::addColumn<QString>("token"); // "subscriber": the subscriber's own token
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("words");
    QTest::newRow("invalid token") << u"not-a-token"_s << 401 << u"access token"_s;
    QTest::newRow("no Authorization header") << QString() << 401 << u"Authorization"_s;
}

void TestStreamViewer::refusalsInPlainWords()
{
    QFETCH(QString, token);
    QFETCH(int, status);
    QFETCH(QString, words);
    setUpGateway(false);
    if (QTest::currentTestFailed())
        return;
    m_viewer->setRequest(gatewayRequest(token));
    QTest::mouseClick(child<QPushButton>(*m_viewer, u"connectButton"_s), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(labelText(*m_viewer, u"streamState"_s), u"Closed - HTTP %1"_s.arg(status),
                              waitMs);
    const QString failure = labelText(*m_viewer, u"streamFailure"_s);
    QVERIFY2(failure.contains(words), qPrintable(failure));
    QCOMPARE(child<QPushButton>(*m_viewer, u"connectButton"_s)->accessibleName(), u"Connect"_s);
    QCOMPARE(m_viewer->model()->rowCount(), 0);
}

void TestStreamViewer::quotaSpentSaysWhenItResets()
{
    setUpGateway(false, u"Async1PerDay"_s);
    if (QTest::currentTestFailed())
        return;
    m_viewer->setRequest(gatewayRequest(m_subscriber.production.token));
    m_viewer->connectStream();
    QTRY_COMPARE_WITH_TIMEOUT(m_backend->requestCount(), 1, waitMs);
    QTRY_COMPARE_WITH_TIMEOUT(labelText(*m_viewer, u"streamState"_s), u"Open - HTTP 200"_s, waitMs);
    // One event a day: the gateway ends the stream after the first; the reconnection is throttled.
    m_backend->send(0, "retry: 20\nid: 1\ndata: {\"n\":1}\n\nid: 2\ndata: {\"n\":2}\n\n");
    QTRY_COMPARE_WITH_TIMEOUT(labelText(*m_viewer, u"streamState"_s), u"Closed - HTTP 429"_s, waitMs);
    const QString failure = labelText(*m_viewer, u"streamFailure"_s);
    QVERIFY2(failure.contains(u"resets at"_s), qPrintable(failure));
    QTRY_COMPARE_WITH_TIMEOUT(m_viewer->model()->rowCount(), 1, waitMs);
}

void TestStreamViewer::trustsACertificateWhenAsked()
{
    setUpGateway(true);
    if (QTest::currentTestFailed())
        return;
    const auto request = gatewayRequest(m_subscriber.production.token);
    m_viewer->setRequest(request);
    MessageBox::setNextAnswer(QMessageBox::Yes);
    m_viewer->connectStream();
    QTRY_COMPARE_WITH_TIMEOUT(labelText(*m_viewer, u"streamState"_s), u"Open - HTTP 200"_s, waitMs);
    const QString hostAndPort = u"127.0.0.1:%1"_s.arg(m_gateway->gatewayPort());
    const auto certificate = m_gateway->runtime()->tlsIdentity().certificate();
    const QString question = MessageBox::lastText();
    QVERIFY2(question.contains(u"Trust this certificate for %1?"_s.arg(hostAndPort)), qPrintable(question));
    QVERIFY(question.contains(
        QString::fromLatin1(certificate.digest(QCryptographicHash::Sha256).toHex(':')).toUpper()));
    QCOMPARE(labelText(*m_viewer, u"streamFailure"_s), QString());
    m_backend->sendAll("data: {\"heap\":1}\n\n");
    QTRY_COMPARE_WITH_TIMEOUT(m_viewer->model()->rowCount(), 1, waitMs);

    // Pinned in the settings: a new viewer connects without asking.
    QSettings settings;
    QCOMPARE(QSslCertificate(settings.value(u"viewerPinnedCertificates/"_s + hostAndPort).toByteArray()),
             certificate);
    startViewer();
    m_viewer->setRequest(request);
    m_viewer->connectStream();
    QTRY_COMPARE_WITH_TIMEOUT(labelText(*m_viewer, u"streamState"_s), u"Open - HTTP 200"_s, waitMs);
}

void TestStreamViewer::followsTheTailOnlyFromTheBottom()
{
    const auto batch = [](int from, int count) {
        QList<ReceivedEvent> events;
        for (int i = from; i < from + count; ++i) {
            ReceivedEvent e;
            e.receivedAt = QDateTime::currentDateTimeUtc();
            e.event.dispatched = true;
            e.event.type = u"message"_s;
            e.event.data = u"{\"n\":%1}"_s.arg(i);
            e.raw = "data: " + e.event.data.toUtf8() + "\n\n";
            events << e;
        }
        return events;
    };
    auto *model = m_viewer->model();
    auto *bar = child<QTableView>(*m_viewer, u"eventTable"_s)->verticalScrollBar();
    model->appendEvents(batch(0, 200));
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 200, waitMs);
    QTRY_VERIFY_WITH_TIMEOUT(bar->maximum() > 0, waitMs);
    QTRY_COMPARE_WITH_TIMEOUT(bar->value(), bar->maximum(), waitMs);

    // At the bottom: the view follows new rows.
    model->appendEvents(batch(200, 50));
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 250, waitMs);
    QTRY_COMPARE_WITH_TIMEOUT(bar->value(), bar->maximum(), waitMs);

    // Scrolled up to read: new rows do not move the view.
    bar->setValue(10);
    model->appendEvents(batch(250, 50));
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 300, waitMs);
    QTRY_VERIFY_WITH_TIMEOUT(bar->maximum() > 10 + 50, waitMs);
    QCOMPARE(bar->value(), 10);

    // Older rows evicted above the reader leave the rows being read in place.
    auto *table = child<QTableView>(*m_viewer, u"eventTable"_s);
    const auto topData = [table] { return table->indexAt(QPoint(1, 1)).data(StreamEventModel::DataRole); };
    const auto reading = topData();
    m_viewer->setCapacity(300);
    model->appendEvents(batch(300, 5));
    QTRY_COMPARE_WITH_TIMEOUT(model->index(0, 0).data(StreamEventModel::DataRole).toString(), u"{\"n\":5}"_s,
                              waitMs);
    QTRY_COMPARE_WITH_TIMEOUT(topData(), reading, waitMs);

    // Back at the bottom, it follows again.
    bar->setValue(bar->maximum());
    model->appendEvents(batch(305, 50));
    QTRY_COMPARE_WITH_TIMEOUT(model->index(299, 0).data(StreamEventModel::DataRole).toString(),
                              u"{\"n\":354}"_s, waitMs);
    QTRY_COMPARE_WITH_TIMEOUT(bar->value(), bar->maximum(), waitMs);
    QVERIFY(bar->value() > 10 + 100);
}

void TestStreamViewer::keyboardWalk()
{
    m_viewer->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_viewer.get()));
    QTest::keyClicks(child<QLineEdit>(*m_viewer, u"streamUrl"_s), u"http://127.0.0.1:1/memory"_s);
    child<QComboBox>(*m_viewer, u"streamMethod"_s)->setFocus();
    QTRY_COMPARE_WITH_TIMEOUT(QApplication::focusWidget()->objectName(), u"streamMethod"_s, waitMs);
    const QStringList expected{u"streamUrl"_s,       u"connectButton"_s, u"streamHeaders"_s,
                               u"addHeaderButton"_s, u"lastEventId"_s,   u"autoReconnect"_s,
                               u"capacity"_s,        u"eventFilter"_s,   u"eventTypeFilter"_s,
                               u"showComments"_s,    u"pauseButton"_s,   u"clearEventsButton"_s,
                               u"exportButton"_s,    u"eventTable"_s,    u"eventTabs"_s,
                               u"eventDetail"_s,     u"plotFields"_s};
    for (const QString &name : expected) {
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        const QWidget *widget = QApplication::focusWidget();
        // A tab widget takes the focus on its tab bar, named by the current tab.
        if (qobject_cast<const QTabBar *>(widget))
            widget = widget->parentWidget();
        QCOMPARE(widget->objectName(), name);
        const bool named =
            !widget->accessibleName().isEmpty() || !widget->property("text").toString().isEmpty();
        QVERIFY2(named, qPrintable(name));
    }
}

QTEST_MAIN(TestStreamViewer)
#include "tst_streamviewer.moc"
