#pragma once

#include <QMessageBox>
#include <optional>

namespace sd::ui {

/// Every question and notice the console asks goes through here, so that a test can answer the next one
/// in advance instead of racing a modal dialog (as KeePassXC's MessageBox does).
class MessageBox final
{
public:
    MessageBox() = delete;

    static QMessageBox::StandardButton question(QWidget *parent, const QString &title, const QString &text,
                                                QMessageBox::StandardButtons buttons = QMessageBox::Yes |
                                                                                       QMessageBox::No,
                                                QMessageBox::StandardButton defaultButton = QMessageBox::No);
    static void warning(QWidget *parent, const QString &title, const QString &text);
    static void information(QWidget *parent, const QString &title, const QString &text);

    /// Tests: the next box is not shown and answers `button`; its text is kept for lastText().
    static void setNextAnswer(QMessageBox::StandardButton button);
    /// Tests: the text of the last box asked or shown.
    static QString lastText();

private:
    static QMessageBox::StandardButton ask(QWidget *parent, QMessageBox::Icon icon, const QString &title,
                                           const QString &text, QMessageBox::StandardButtons buttons,
                                           QMessageBox::StandardButton defaultButton);
};

} // namespace sd::ui
