#pragma once

#include "ui/common/consolestatus.h"

#include <QMainWindow>

class QLabel;

namespace sd::gateway {
class StreamMonitor;
struct StreamInfo;
} // namespace sd::gateway

namespace sd::ui {

/// The console's main window. For now an overview of the embedded servers and the open streams; the
/// publisher, developer-portal and stream-viewer pages dock here later.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    explicit MainWindow(const ConsoleStatus &status, gateway::StreamMonitor *monitor = nullptr,
                        QWidget *parent = nullptr);

    /// The text of the open-streams line (for tests and accessibility).
    QString streamSummary() const;

private:
    void updateStreams();

    gateway::StreamMonitor *m_monitor;
    QLabel *m_streams = nullptr;
};

} // namespace sd::ui
