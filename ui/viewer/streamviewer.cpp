#include "ui/viewer/streamviewer.h"

#include "ui/common/backgroundtask.h"
#include "ui/common/filechooser.h"
#include "ui/common/messagebox.h"
#include "ui/common/messagelabel.h"
#include "ui/viewer/certificatepins.h"
#include "ui/viewer/eventexport.h"
#include "ui/viewer/streameventfilter.h"
#include "ui/viewer/streameventmodel.h"
#include "ui/viewer/streamplot.h"
#include "ui/viewer/streamrequesteditor.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSpinBox>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTabBar>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace sd::ui {

namespace {
using State = gateway::SseClient::State;

// Control characters and bytes outside ASCII as escapes; a line break after each \n, as it was sent.
QString escapedBytes(const QByteArray &raw)
{
    QString text;
    text.reserve(raw.size() + raw.size() / 8);
    for (const char c : raw) {
        const auto byte = static_cast<unsigned char>(c);
        switch (byte) {
        case '\n':
            text += QLatin1String("\\n\n");
            break;
        case '\r':
            text += QLatin1String("\\r");
            break;
        case '\t':
            text += QLatin1String("\\t");
            break;
        case '\\':
            text += QLatin1String("\\\\");
            break;
        default:
            if (byte < 0x20 || byte >= 0x7f)
                text += QStringLiteral("\\x%1").arg(byte, 2, 16, QLatin1Char('0'));
            else
                text += QLatin1Char(c);
        }
    }
    return text;
}

QString prettyData(const QString &data)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(data.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || document.isNull())
        return data;
    return QString::fromUtf8(document.toJson(QJsonDocument::Indented)).trimmed();
}

QPlainTextEdit *readOnlyText(const QString &objectName, const QString &accessibleName, QWidget *parent)
{
    auto *edit = new QPlainTextEdit(parent);
    edit->setObjectName(objectName);
    edit->setAccessibleName(accessibleName);
    edit->setReadOnly(true);
    edit->setTabChangesFocus(true);
    edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    edit->setLineWrapMode(QPlainTextEdit::NoWrap);
    return edit;
}
} // namespace

StreamViewer::StreamViewer(QWidget *parent)
    : QWidget(parent)
    , m_client(new gateway::SseClient(this))
    , m_model(new StreamEventModel(this))
    , m_filter(new StreamEventFilter(this))
{
    setObjectName(QStringLiteral("streamViewer"));
    m_filter->setSourceModel(m_model);
    auto *layout = new QVBoxLayout(this);
    buildRequestArea();
    layout->addWidget(m_editor);

    auto *stateRow = new QHBoxLayout;
    m_state = new QLabel(this);
    m_state->setObjectName(QStringLiteral("streamState"));
    m_rates = new QLabel(this);
    m_rates->setObjectName(QStringLiteral("streamRates"));
    stateRow->addWidget(m_state, 1);
    stateRow->addWidget(m_rates);
    layout->addLayout(stateRow);
    m_failure = new MessageLabel(QStringLiteral("streamFailure"), MessageLabel::Kind::Error, this);
    layout->addWidget(m_failure);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setObjectName(QStringLiteral("viewerSplitter"));
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(buildEventArea());
    splitter->addWidget(buildDetailArea());
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    // Half and half to start with: the table's size hint would otherwise squeeze the plot to a strip.
    splitter->setSizes({1, 1});
    layout->addWidget(splitter, 1);
    m_notice = new MessageLabel(QStringLiteral("viewerNotice"), MessageLabel::Kind::Note, this);
    layout->addWidget(m_notice);

    setTabOrder(m_editor->lastInTabOrder(), m_autoReconnect);
    setTabOrder(m_autoReconnect, m_capacity);
    setTabOrder(m_capacity, m_filterText);
    setTabOrder(m_filterText, m_typeFilter);
    setTabOrder(m_typeFilter, m_showComments);
    setTabOrder(m_showComments, m_pause);
    setTabOrder(m_pause, m_clear);
    setTabOrder(m_clear, m_export);
    setTabOrder(m_export, m_table);
    setTabOrder(m_table, m_detailTabs->tabBar());
    setTabOrder(m_detailTabs->tabBar(), m_detail);
    setTabOrder(m_detail, m_raw);
    setTabOrder(m_raw, m_fields);

    m_rateTimer.setInterval(1000);
    connect(&m_rateTimer, &QTimer::timeout, this, &StreamViewer::updateRates);
    m_rateTimer.start();
    connectClient();
    updateState();
    updateRates();
}

StreamViewer::~StreamViewer() = default;

void StreamViewer::buildRequestArea()
{
    m_editor = new StreamRequestEditor(this);
    m_connect = new QPushButton(tr("Co&nnect"), this);
    m_connect->setObjectName(QStringLiteral("connectButton"));
    m_connect->setAccessibleName(tr("Connect"));
    m_connect->setDefault(true);
    m_editor->addToUrlRow(m_connect);
    m_autoReconnect = new QCheckBox(tr("&Reconnect automatically"), this);
    m_autoReconnect->setObjectName(QStringLiteral("autoReconnect"));
    m_autoReconnect->setToolTip(tr("After the stream ends or the connection fails, connect again with "
                                   "Last-Event-ID, waiting as long as the server's retry asks"));
    m_autoReconnect->setChecked(true);
    m_editor->addToOptions(m_autoReconnect);
    m_capacity = new QSpinBox(this);
    m_capacity->setObjectName(QStringLiteral("capacity"));
    m_capacity->setAccessibleName(tr("Keep at most"));
    m_capacity->setToolTip(tr("The most events the table keeps; the oldest go first"));
    m_capacity->setRange(100, 1000000);
    m_capacity->setSingleStep(1000);
    m_capacity->setGroupSeparatorShown(true);
    m_capacity->setSuffix(tr(" events"));
    m_capacity->setValue(m_model->capacity());
    m_editor->addToOptions(m_capacity, tr("&Keep at most:"));
    connect(m_capacity, &QSpinBox::editingFinished, this,
            [this] { m_model->setCapacity(m_capacity->value()); });
    setTabOrder(m_editor->urlEdit(), m_connect);

    connect(m_connect, &QPushButton::clicked, this, [this] {
        const auto state = m_client->state();
        if (state == State::Idle || state == State::Closed)
            connectStream();
        else
            disconnectStream();
    });
    connect(m_editor, &StreamRequestEditor::submitted, this, &StreamViewer::connectStream);
    connect(m_editor, &StreamRequestEditor::urlChanged, this, [this] {
        updateState();
        Q_EMIT titleChanged(title());
    });
    connect(m_autoReconnect, &QCheckBox::toggled, m_client, &gateway::SseClient::setAutoReconnect);
}

QWidget *StreamViewer::buildEventArea()
{
    auto *area = new QWidget(this);
    auto *layout = new QVBoxLayout(area);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *bar = new QHBoxLayout;
    auto *textLabel = new QLabel(tr("Fil&ter:"), area);
    m_filterText = new QLineEdit(area);
    m_filterText->setObjectName(QStringLiteral("eventFilter"));
    m_filterText->setAccessibleName(tr("Filter events"));
    m_filterText->setPlaceholderText(tr("Text in the data, event type or ID"));
    m_filterText->setClearButtonEnabled(true);
    textLabel->setBuddy(m_filterText);
    auto *typeLabel = new QLabel(tr("Event t&ype:"), area);
    m_typeFilter = new QComboBox(area);
    m_typeFilter->setObjectName(QStringLiteral("eventTypeFilter"));
    m_typeFilter->setAccessibleName(tr("Event type"));
    m_typeFilter->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_typeFilter->addItem(tr("All types"), QString());
    typeLabel->setBuddy(m_typeFilter);
    m_showComments = new QCheckBox(tr("Show c&omments"), area);
    m_showComments->setObjectName(QStringLiteral("showComments"));
    m_showComments->setToolTip(tr("Show blocks with only comments, such as heartbeats"));
    m_showComments->setChecked(true);
    m_pause = new QPushButton(tr("&Pause"), area);
    m_pause->setObjectName(QStringLiteral("pauseButton"));
    m_pause->setAccessibleName(tr("Pause"));
    m_pause->setToolTip(tr("Stop adding rows; events keep arriving and wait"));
    m_waiting = new QLabel(area);
    m_waiting->setObjectName(QStringLiteral("waitingLabel"));
    m_clear = new QPushButton(tr("&Clear"), area);
    m_clear->setObjectName(QStringLiteral("clearEventsButton"));
    m_clear->setAccessibleName(tr("Clear events"));
    m_clear->setToolTip(tr("Remove every row and the plot"));
    m_export = new QPushButton(tr("E&xport..."), area);
    m_export->setObjectName(QStringLiteral("exportButton"));
    m_export->setAccessibleName(tr("Export events"));
    m_export->setToolTip(tr("Save the events shown as JSON Lines"));
    bar->addWidget(textLabel);
    bar->addWidget(m_filterText, 1);
    bar->addWidget(typeLabel);
    bar->addWidget(m_typeFilter);
    bar->addWidget(m_showComments);
    bar->addSpacing(12);
    bar->addWidget(m_pause);
    bar->addWidget(m_waiting);
    bar->addWidget(m_clear);
    bar->addWidget(m_export);
    layout->addLayout(bar);

    m_table = new QTableView(area);
    m_table->setObjectName(QStringLiteral("eventTable"));
    m_table->setAccessibleName(tr("Events"));
    m_table->setModel(m_filter);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setTabKeyNavigation(false);
    m_table->setWordWrap(false);
    m_table->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    // A live table: fixed, uniform row heights, nothing measured per row.
    m_table->verticalHeader()->setVisible(false);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_table->horizontalHeader()->setStretchLastSection(true);
    const int widths[] = {100, 110, 70, 70};
    for (int column = 0; column < StreamEventModel::Preview; ++column)
        m_table->setColumnWidth(column, widths[column]);
    layout->addWidget(m_table, 1);

    connect(m_filterText, &QLineEdit::textChanged, m_filter, &StreamEventFilter::setText);
    connect(m_typeFilter, &QComboBox::currentIndexChanged, this,
            [this] { m_filter->setEventType(m_typeFilter->currentData().toString()); });
    connect(m_showComments, &QCheckBox::toggled, m_filter, &StreamEventFilter::setShowComments);
    connect(m_pause, &QPushButton::clicked, this, [this] {
        const bool paused = !m_model->isPaused();
        m_model->setPaused(paused);
        m_plot->setPaused(paused);
        m_pause->setText(paused ? tr("Resu&me") : tr("&Pause"));
        m_pause->setAccessibleName(paused ? tr("Resume") : tr("Pause"));
        m_pause->setToolTip(paused ? tr("Add the waiting events to the table")
                                   : tr("Stop adding rows; events keep arriving and wait"));
    });
    connect(m_clear, &QPushButton::clicked, this, [this] {
        m_model->clear();
        m_plot->clear();
        m_detailHeader->clear();
        m_detail->clear();
        m_raw->clear();
        m_eventsTotal = 0;
        updateRates();
    });
    connect(m_export, &QPushButton::clicked, this, &StreamViewer::exportEvents);
    connect(m_model, &StreamEventModel::waitingChanged, this, &StreamViewer::updateWaiting);
    connect(m_model, &StreamEventModel::eventTypesChanged, this, &StreamViewer::updateTypeFilter);
    // Follow new rows only when the reader was at the bottom before the batch, as a terminal does.
    connect(m_model, &StreamEventModel::aboutToFlush, this, [this] {
        const auto *bar = m_table->verticalScrollBar();
        m_followTail = bar->value() >= bar->maximum();
        m_inFlush = true;
    });
    connect(m_model, &StreamEventModel::flushed, this, [this] {
        m_inFlush = false;
        if (m_followTail)
            m_table->scrollToBottom();
    });
    // Scrolled up, the rows being read stay in place while a flush evicts older ones above them.
    connect(m_filter, &QAbstractItemModel::rowsRemoved, this,
            [this](const QModelIndex &, int first, int last) {
                if (!m_inFlush || m_followTail || first != 0)
                    return;
                auto *bar = m_table->verticalScrollBar();
                const int step = m_table->verticalScrollMode() == QAbstractItemView::ScrollPerItem
                                     ? 1
                                     : m_table->verticalHeader()->defaultSectionSize();
                bar->setValue(qMax(0, bar->value() - (last - first + 1) * step));
            });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &StreamViewer::onCurrentRowChanged);

    auto *copyData = new QAction(tr("Copy Data"), m_table);
    copyData->setShortcut(QKeySequence::Copy);
    copyData->setShortcutContext(Qt::WidgetShortcut);
    auto *copyRaw = new QAction(tr("Copy Raw Bytes"), m_table);
    m_table->addAction(copyData);
    m_table->addAction(copyRaw);
    m_table->setContextMenuPolicy(Qt::ActionsContextMenu);
    connect(copyData, &QAction::triggered, this, [this] { copyCurrent(StreamEventModel::DataRole); });
    connect(copyRaw, &QAction::triggered, this, [this] { copyCurrent(StreamEventModel::RawRole); });
    return area;
}

QWidget *StreamViewer::buildDetailArea()
{
    auto *area = new QSplitter(Qt::Horizontal, this);
    area->setChildrenCollapsible(false);

    auto *detailBox = new QWidget(area);
    auto *detailLayout = new QVBoxLayout(detailBox);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    m_detailHeader = new QLabel(detailBox);
    m_detailHeader->setObjectName(QStringLiteral("eventSummary"));
    m_detailTabs = new QTabWidget(detailBox);
    m_detailTabs->setObjectName(QStringLiteral("eventTabs"));
    m_detailTabs->setAccessibleName(tr("Selected event"));
    m_detail = readOnlyText(QStringLiteral("eventDetail"), tr("Event data"), m_detailTabs);
    m_detail->setPlaceholderText(tr("Select an event to see its data"));
    m_raw = readOnlyText(QStringLiteral("eventRaw"), tr("Raw bytes"), m_detailTabs);
    m_raw->setPlaceholderText(tr("Select an event to see the bytes as received"));
    m_detailTabs->addTab(m_detail, tr("Detai&ls"));
    m_detailTabs->addTab(m_raw, tr("Ra&w"));
    detailLayout->addWidget(m_detailHeader);
    detailLayout->addWidget(m_detailTabs, 1);

    auto *plotBox = new QWidget(area);
    auto *plotLayout = new QHBoxLayout(plotBox);
    plotLayout->setContentsMargins(0, 0, 0, 0);
    m_plot = new StreamPlot(plotBox);
    m_plot->setMinimumSize(240, 160);
    auto *fieldsColumn = new QVBoxLayout;
    auto *fieldsLabel = new QLabel(tr("Plotted fi&elds:"), plotBox);
    m_fields = new QListView(plotBox);
    m_fields->setObjectName(QStringLiteral("plotFields"));
    m_fields->setAccessibleName(tr("Plotted fields"));
    m_fields->setModel(m_plot->fieldModel());
    m_fields->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_fields->setMaximumWidth(160);
    fieldsLabel->setBuddy(m_fields);
    fieldsColumn->addWidget(fieldsLabel);
    fieldsColumn->addWidget(m_fields, 1);
    plotLayout->addWidget(m_plot, 1);
    plotLayout->addLayout(fieldsColumn);

    area->addWidget(detailBox);
    area->addWidget(plotBox);
    area->setStretchFactor(0, 2);
    area->setStretchFactor(1, 3);
    return area;
}

void StreamViewer::connectClient()
{
    connect(m_client, &gateway::SseClient::stateChanged, this, &StreamViewer::updateState);
    connect(m_client, &gateway::SseClient::responseStarted, this, &StreamViewer::updateState);
    connect(m_client, &gateway::SseClient::eventsReceived, this, &StreamViewer::onEventsReceived);
    connect(m_client, &gateway::SseClient::failed, this, &StreamViewer::showFailure);
    connect(m_client, &gateway::SseClient::reconnectScheduled, this, [this](int delayMs, int attempt) {
        m_reconnectAt = QDeadlineTimer(delayMs);
        m_reconnectAttempt = attempt;
        updateState();
    });
    // Asked after the client's signal returns: a modal question must not run inside its slot.
    connect(m_client, &gateway::SseClient::untrustedCertificate, this, &StreamViewer::askToTrust,
            Qt::QueuedConnection);
}

void StreamViewer::setRequest(const gateway::StreamRequest &request)
{
    m_editor->setRequest(request);
    Q_EMIT titleChanged(title());
}

gateway::StreamRequest StreamViewer::request() const
{
    return m_editor->request();
}

void StreamViewer::connectStream()
{
    const auto request = m_editor->request();
    m_failure->showMessage({});
    m_notice->showMessage({});
    for (const auto &[hostAndPort, certificate] : CertificatePins::all())
        m_client->pinCertificate(hostAndPort, certificate);
    if (m_plot->fields().isEmpty())
        m_plot->setOrigin(QDateTime::currentDateTimeUtc());
    m_client->setRequest(request);
    m_client->setAutoReconnect(m_autoReconnect->isChecked());
    m_client->open();
    updateState();
}

void StreamViewer::disconnectStream()
{
    m_client->close();
    updateState();
}

void StreamViewer::setCapacity(int capacity)
{
    m_model->setCapacity(capacity);
    const QSignalBlocker blocker(m_capacity);
    m_capacity->setValue(m_model->capacity());
}

void StreamViewer::focusUrl()
{
    m_editor->urlEdit()->setFocus(Qt::OtherFocusReason);
    m_editor->urlEdit()->selectAll();
}

QString StreamViewer::title() const
{
    const auto request = m_editor->request();
    if (!request.title.isEmpty())
        return request.title;
    const QString path = request.url.path();
    if (!path.isEmpty() && path != QLatin1String("/"))
        return path;
    return request.url.host().isEmpty() ? tr("New Stream") : request.url.host();
}

void StreamViewer::updateState()
{
    const auto state = m_client->state();
    const int status = m_client->httpStatus();
    QString text;
    switch (state) {
    case State::Idle:
        text = tr("Not connected");
        break;
    case State::Connecting:
        text = tr("Connecting");
        break;
    case State::Open:
        text = tr("Open - HTTP %1").arg(status);
        m_failure->showMessage({}); // a reconnection that worked makes the last failure history
        break;
    case State::WaitingToReconnect:
        text = tr("Waiting to reconnect in %1 s (attempt %2)")
                   .arg(qMax<qint64>(0, (m_reconnectAt.remainingTime() + 999) / 1000))
                   .arg(m_reconnectAttempt);
        break;
    case State::Closed:
        text = status > 0 ? tr("Closed - HTTP %1").arg(status) : tr("Closed");
        break;
    }
    m_state->setText(text);
    m_state->setAccessibleName(tr("Connection: %1").arg(text));
    const bool idle = state == State::Idle || state == State::Closed;
    m_connect->setText(idle ? tr("Co&nnect") : tr("Disco&nnect"));
    m_connect->setAccessibleName(idle ? tr("Connect") : tr("Disconnect"));
    m_connect->setEnabled(!idle || !m_editor->urlEdit()->text().trimmed().isEmpty());
}

void StreamViewer::updateRates()
{
    const qint64 bytes = m_client->bytesReceived();
    const qint64 bytesPerSecond = qMax<qint64>(0, bytes - m_bytesAtLastTick);
    m_bytesAtLastTick = bytes;
    const QLocale locale;
    m_rates->setText(tr("%1 events/s  ·  %2/s  ·  %3 received")
                         .arg(locale.toString(m_eventsThisSecond),
                              locale.formattedDataSize(bytesPerSecond, 1, QLocale::DataSizeTraditionalFormat),
                              locale.toString(m_eventsTotal)));
    m_eventsThisSecond = 0;
    if (m_client->state() == State::WaitingToReconnect)
        updateState();
}

void StreamViewer::updateWaiting(int waiting, qint64 dropped)
{
    if (!m_model->isPaused()) {
        m_waiting->clear();
        return;
    }
    const QLocale locale;
    m_waiting->setText(
        dropped > 0
            ? tr("%1 waiting (%2 older dropped)").arg(locale.toString(waiting), locale.toString(dropped))
            : tr("%1 waiting").arg(locale.toString(waiting)));
}

void StreamViewer::updateTypeFilter()
{
    const QString current = m_typeFilter->currentData().toString();
    const QSignalBlocker blocker(m_typeFilter);
    while (m_typeFilter->count() > 1)
        m_typeFilter->removeItem(1);
    for (const QString &type : m_model->eventTypes())
        m_typeFilter->addItem(type, type);
    const int index = m_typeFilter->findData(current);
    m_typeFilter->setCurrentIndex(qMax(0, index));
    if (index < 0)
        m_filter->setEventType({});
}

void StreamViewer::showFailure(const gateway::StreamFailure &failure)
{
    // The summary already says when a spent quota resets (StreamFailure::retryAt).
    m_failure->showMessage(failure.advice.isEmpty() ? failure.summary
                                                    : failure.summary + u' ' + failure.advice);
    updateState();
}

void StreamViewer::onEventsReceived(const QList<gateway::ReceivedEvent> &events)
{
    m_model->appendEvents(events);
    m_plot->addEvents(events);
    m_eventsThisSecond += events.size();
    m_eventsTotal += events.size();
}

void StreamViewer::onCurrentRowChanged()
{
    const QModelIndex index = m_filter->mapToSource(m_table->currentIndex());
    if (!index.isValid())
        return;
    const auto &received = m_model->event(index.row());
    const auto &event = received.event;
    const QString when = received.receivedAt.toLocalTime().toString(QStringLiteral("HH:mm:ss.zzz"));
    const QString size =
        QLocale().formattedDataSize(received.raw.size(), 1, QLocale::DataSizeTraditionalFormat);
    if (event.dispatched) {
        m_detailHeader->setText(
            event.lastEventId.isEmpty()
                ? tr("%1 · %2 · received %3").arg(event.type, size, when)
                : tr("%1 · ID %2 · %3 · received %4").arg(event.type, event.lastEventId, size, when));
        m_detail->setPlainText(prettyData(event.data));
    } else {
        m_detailHeader->setText(tr("Comment · %1 · received %2").arg(size, when));
        m_detail->setPlainText(StreamEventModel::preview(received));
    }
    m_raw->setPlainText(escapedBytes(received.raw));
}

void StreamViewer::copyCurrent(int role)
{
    const QModelIndex index = m_table->currentIndex();
    if (!index.isValid())
        return;
    const QVariant value = index.siblingAtColumn(0).data(role);
    QApplication::clipboard()->setText(
        role == StreamEventModel::RawRole ? QString::fromUtf8(value.toByteArray()) : value.toString());
}

void StreamViewer::askToTrust(const QString &hostAndPort, const QSslCertificate &certificate,
                              const QString &reason)
{
    const QString text =
        tr("The certificate of %1 is not trusted: %2\n\nSubject: %3\nIssuer: %4\nSHA-256 fingerprint:\n%5\n\n"
           "Trust this certificate for %1? Only say yes if the fingerprint is the one your gateway shows.")
            .arg(hostAndPort, reason, certificate.subjectDisplayName(), certificate.issuerDisplayName(),
                 CertificatePins::fingerprint(certificate));
    if (MessageBox::question(this, tr("Untrusted certificate"), text) != QMessageBox::Yes)
        return;
    CertificatePins::pin(hostAndPort, certificate);
    m_client->pinCertificate(hostAndPort, certificate);
    m_failure->showMessage({});
    m_client->open();
}

void StreamViewer::exportEvents()
{
    QList<gateway::ReceivedEvent> events;
    events.reserve(m_filter->rowCount());
    for (int row = 0; row < m_filter->rowCount(); ++row) {
        const int source = m_filter->mapToSource(m_filter->index(row, 0)).row();
        if (m_model->event(source).event.dispatched)
            events.append(m_model->event(source));
    }
    if (events.isEmpty()) {
        m_notice->showMessage(MessageLabel::Kind::Warning,
                              tr("No events to export: connect or clear the filter first."));
        return;
    }
    const QString path = FileChooser::saveFileName(this, tr("Export Events"), QStringLiteral("events.jsonl"),
                                                   tr("JSON Lines (*.jsonl);;All files (*)"));
    if (path.isEmpty())
        return;
    m_export->setEnabled(false);
    runInBackground([path, events] {
        return EventExport::write(path, events);
    }).then(this, [this, path](const models::Result<int> &written) {
        m_export->setEnabled(true);
        if (!written) {
            m_notice->showMessage(MessageLabel::Kind::Error, written.error().message);
            return;
        }
        m_notice->showMessage(MessageLabel::Kind::Success,
                              tr("Exported %n event(s) to %1.", nullptr, written.value()).arg(path));
    });
}

} // namespace sd::ui
