#include "ui/mainwindow.h"

#include <QLabel>

namespace sd::ui {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
{
    setWindowTitle(QStringLiteral("StreamDesk"));
    auto *placeholder = new QLabel(tr("StreamDesk"), this);
    placeholder->setAlignment(Qt::AlignCenter);
    setCentralWidget(placeholder);
    resize(1100, 720);
}

} // namespace sd::ui
