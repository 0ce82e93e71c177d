#include "ui/viewer/streamviewerworkspace.h"

#include "ui/viewer/streamviewer.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QTabWidget>
#include <QVBoxLayout>

namespace sd::ui {

namespace {
constexpr int maxTabTitle = 40;
}

StreamViewerWorkspace::StreamViewerWorkspace(QWidget *parent)
    : QWidget(parent)
    , m_tabs(new QTabWidget(this))
    , m_newStream(new QPushButton(tr("New &Stream"), this))
    , m_empty(new QLabel(this))
{
    setObjectName(QStringLiteral("streamViewerWorkspace"));
    auto *layout = new QVBoxLayout(this);
    auto *header = new QHBoxLayout;
    header->addWidget(new QLabel(tr("<h2>Stream Viewer</h2>"), this));
    header->addStretch();
    m_newStream->setObjectName(QStringLiteral("newStreamButton"));
    m_newStream->setAccessibleName(tr("New stream"));
    m_newStream->setToolTip(tr("Open an empty stream viewer tab"));
    header->addWidget(m_newStream);
    layout->addLayout(header);

    m_empty->setObjectName(QStringLiteral("noStreamsLabel"));
    m_empty->setWordWrap(true);
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setText(tr("No stream is open. Choose New Stream and enter a URL, or use Open in Stream Viewer "
                        "on an API's Try Out page or after generating a token."));
    layout->addWidget(m_empty, 1);

    m_tabs->setObjectName(QStringLiteral("streamTabs"));
    m_tabs->setAccessibleName(tr("Streams"));
    m_tabs->setTabsClosable(true);
    m_tabs->setMovable(true);
    m_tabs->setDocumentMode(true);
    layout->addWidget(m_tabs, 1);

    connect(m_newStream, &QPushButton::clicked, this, &StreamViewerWorkspace::newStream);
    connect(m_tabs, &QTabWidget::tabCloseRequested, this, &StreamViewerWorkspace::closeViewer);
    updateEmptyState();
}

StreamViewer *StreamViewerWorkspace::addViewer()
{
    auto *viewer = new StreamViewer(m_tabs);
    const int index = m_tabs->addTab(viewer, viewer->title());
    connect(viewer, &StreamViewer::titleChanged, this, [this, viewer](const QString &title) {
        const int at = m_tabs->indexOf(viewer);
        if (at < 0)
            return;
        QString text = title.size() > maxTabTitle ? title.left(maxTabTitle - 1) + u'…' : title;
        m_tabs->setTabText(at, text.replace(u'&', QLatin1String("&&"))); // a URL's & is no shortcut
        m_tabs->setTabToolTip(at, viewer->request().url.toString());
    });
    m_tabs->setCurrentIndex(index);
    updateEmptyState();
    return viewer;
}

StreamViewer *StreamViewerWorkspace::openStream(const gateway::StreamRequest &request)
{
    auto *viewer = addViewer();
    viewer->setRequest(request);
    viewer->connectStream();
    return viewer;
}

StreamViewer *StreamViewerWorkspace::newStream()
{
    auto *viewer = addViewer();
    viewer->focusUrl();
    return viewer;
}

StreamViewer *StreamViewerWorkspace::currentViewer() const
{
    return qobject_cast<StreamViewer *>(m_tabs->currentWidget());
}

int StreamViewerWorkspace::viewerCount() const
{
    return m_tabs->count();
}

void StreamViewerWorkspace::closeViewer(int index)
{
    auto *viewer = m_tabs->widget(index);
    m_tabs->removeTab(index);
    // The viewer's client closes its connection when it is destroyed.
    viewer->deleteLater();
    updateEmptyState();
}

void StreamViewerWorkspace::updateEmptyState()
{
    const bool empty = m_tabs->count() == 0;
    m_empty->setVisible(empty);
    m_tabs->setVisible(!empty);
}

} // namespace sd::ui
