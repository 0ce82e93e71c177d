#pragma once

#include "gateway/client/streamrequest.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QTabWidget;

namespace sd::ui {

class StreamViewer;

/// Stream viewers in closable tabs, each with its own connection, model and plot.
class StreamViewerWorkspace final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StreamViewerWorkspace)

public:
    explicit StreamViewerWorkspace(QWidget *parent = nullptr);

    /// A new tab for the request, connecting at once.
    StreamViewer *openStream(const gateway::StreamRequest &request);
    /// A new empty tab with the focus on its URL.
    StreamViewer *newStream();
    StreamViewer *currentViewer() const;
    int viewerCount() const;

private:
    StreamViewer *addViewer();
    void closeViewer(int index);
    void updateEmptyState();

    QTabWidget *m_tabs;
    QPushButton *m_newStream;
    QLabel *m_empty;
};

} // namespace sd::ui
