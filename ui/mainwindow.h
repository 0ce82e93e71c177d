#pragma once

#include <QMainWindow>

namespace sd::ui {

/// The console's main window; pages for the publisher, the developer portal and the stream viewer dock here.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    explicit MainWindow(QWidget *parent = nullptr);
};

} // namespace sd::ui
