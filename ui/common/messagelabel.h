#pragma once

#include <QLabel>

namespace sd::ui {

/// A line of feedback under a field or form: hidden while empty, coloured by kind.
class MessageLabel final : public QLabel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MessageLabel)

public:
    enum class Kind { Error, Warning, Success, Note };

    MessageLabel(const QString &objectName, Kind kind, QWidget *parent = nullptr);

    /// Shows `text` (hides the label when it is empty).
    void showMessage(const QString &text);
    void showMessage(Kind kind, const QString &text);

private:
    void setKind(Kind kind);
};

} // namespace sd::ui
