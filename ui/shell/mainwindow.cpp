#include "ui/shell/mainwindow.h"

#include "gateway/relay/streammonitor.h"

#include <QFormLayout>
#include <QIcon>
#include <QLabel>
#include <QStatusBar>
#include <QVBoxLayout>

namespace sd::ui {

namespace {

QLabel *selectable(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

} // namespace

MainWindow::MainWindow(const ConsoleStatus &status, gateway::StreamMonitor *monitor, QWidget *parent)
    : QMainWindow(parent)
    , m_monitor(monitor)
{
    setWindowTitle(tr("StreamDesk"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/streamdesk.png")));
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    auto *title = new QLabel(tr("<h2>StreamDesk is running</h2>"), page);
    layout->addWidget(title);

    auto *form = new QFormLayout;
    form->addRow(tr("Gateway (HTTP):"), selectable(status.gatewayUrl, page));
    form->addRow(tr("Gateway (HTTPS):"), selectable(status.gatewayTlsUrl, page));
    form->addRow(tr("Token endpoint and REST API:"), selectable(status.managementUrl, page));
    form->addRow(
        tr("Sample backend:"),
        selectable(status.sampleBackendUrl.isEmpty() ? tr("not started") : status.sampleBackendUrl, page));
    form->addRow(tr("Data directory:"), selectable(status.dataDir, page));
    form->addRow(tr("Default sign-in:"), selectable(tr("admin / admin"), page));
    m_streams = new QLabel(page);
    form->addRow(tr("Open streams:"), m_streams);
    layout->addLayout(form);

    auto *hint =
        new QLabel(tr("The publisher and developer-portal pages are on their way. Meanwhile the whole "
                      "tutorial works with curl against the REST API: see docs/tutorial.md."),
                   page);
    hint->setWordWrap(true);
    layout->addWidget(hint);
    layout->addStretch();
    setCentralWidget(page);
    statusBar()->showMessage(tr("Gateway ready on %1").arg(status.gatewayUrl));

    if (m_monitor)
        connect(m_monitor, &gateway::StreamMonitor::streamsChanged, this, &MainWindow::updateStreams);
    updateStreams();
    resize(900, 520);
}

QString MainWindow::streamSummary() const
{
    return m_streams->text();
}

void MainWindow::updateStreams()
{
    const auto count = m_monitor ? m_monitor->openCount() : 0;
    m_streams->setText(count == 0 ? tr("none") : tr("%n stream(s)", nullptr, int(count)));
}

} // namespace sd::ui
