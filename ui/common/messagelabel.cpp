#include "ui/common/messagelabel.h"

namespace sd::ui {

MessageLabel::MessageLabel(const QString &objectName, Kind kind, QWidget *parent)
    : QLabel(parent)
{
    setObjectName(objectName);
    setWordWrap(true);
    setKind(kind);
    hide();
}

void MessageLabel::showMessage(const QString &text)
{
    setText(text);
    setVisible(!text.isEmpty());
}

void MessageLabel::showMessage(Kind kind, const QString &text)
{
    setKind(kind);
    showMessage(text);
}

void MessageLabel::setKind(Kind kind)
{
    switch (kind) {
    case Kind::Error:
        setStyleSheet(QStringLiteral("color: #b00020;"));
        break;
    case Kind::Warning:
        setStyleSheet(QStringLiteral("color: #8a5a00;"));
        break;
    case Kind::Success:
        setStyleSheet(QStringLiteral("color: #1b7f3b;"));
        break;
    case Kind::Note:
        setStyleSheet(QStringLiteral("color: palette(mid);"));
        break;
    }
}

} // namespace sd::ui
