#pragma once

#include "gateway/client/sseclient.h"

#include <QDeadlineTimer>
#include <QTimer>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListView;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTabWidget;
class QTableView;

namespace sd::ui {

class MessageLabel;
class StreamEventFilter;
class StreamEventModel;
class StreamPlot;
class StreamRequestEditor;

/// One live Server-Sent-Events stream: the request, the connection state, a bounded table of events with
/// filters, pause and export, the selected event's details and raw bytes, and a plot of its numeric
/// fields. The connection is an SseClient; the widget only shows what it reports.
class StreamViewer final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StreamViewer)

public:
    explicit StreamViewer(QWidget *parent = nullptr);
    ~StreamViewer() override;

    void setRequest(const gateway::StreamRequest &request);
    gateway::StreamRequest request() const;
    /// Connects with the request as entered (a connection already open is closed first).
    void connectStream();
    void disconnectStream();
    gateway::SseClient *client() const { return m_client; }
    StreamEventModel *model() const { return m_model; }
    StreamPlot *plot() const { return m_plot; }
    /// The most rows kept (default StreamEventModel::defaultCapacity); the oldest go first.
    void setCapacity(int capacity);
    /// Puts the keyboard focus on the URL field.
    void focusUrl();
    /// A short title for a tab: the request's title, else the URL's path.
    QString title() const;

Q_SIGNALS:
    void titleChanged(const QString &title);

private:
    void buildRequestArea();
    QWidget *buildEventArea();
    QWidget *buildDetailArea();
    void connectClient();
    void updateState();
    void updateRates();
    void updateWaiting(int waiting, qint64 dropped);
    void updateTypeFilter();
    void showFailure(const gateway::StreamFailure &failure);
    void onEventsReceived(const QList<gateway::ReceivedEvent> &events);
    void onCurrentRowChanged();
    /// Puts the current event's data (or raw bytes) on the clipboard.
    void copyCurrent(int role);
    void askToTrust(const QString &hostAndPort, const QSslCertificate &certificate, const QString &reason);
    void exportEvents();

    gateway::SseClient *m_client;
    StreamEventModel *m_model;
    StreamEventFilter *m_filter;

    StreamRequestEditor *m_editor = nullptr;
    QPushButton *m_connect = nullptr;
    QCheckBox *m_autoReconnect = nullptr;
    QSpinBox *m_capacity = nullptr;
    QLabel *m_state = nullptr;
    QLabel *m_rates = nullptr;
    MessageLabel *m_failure = nullptr;
    QLineEdit *m_filterText = nullptr;
    QComboBox *m_typeFilter = nullptr;
    QCheckBox *m_showComments = nullptr;
    QPushButton *m_pause = nullptr;
    QLabel *m_waiting = nullptr;
    QPushButton *m_clear = nullptr;
    QPushButton *m_export = nullptr;
    MessageLabel *m_notice = nullptr;
    QTableView *m_table = nullptr;
    QTabWidget *m_detailTabs = nullptr;
    QLabel *m_detailHeader = nullptr;
    QPlainTextEdit *m_detail = nullptr;
    QPlainTextEdit *m_raw = nullptr;
    StreamPlot *m_plot = nullptr;
    QListView *m_fields = nullptr;

    QTimer m_rateTimer;
    qint64 m_eventsThisSecond = 0;
    qint64 m_eventsTotal = 0;
    qint64 m_bytesAtLastTick = 0;
    QDeadlineTimer m_reconnectAt;
    int m_reconnectAttempt = 0;
    bool m_followTail = true;
    bool m_inFlush = false;
};

} // namespace sd::ui
