#pragma once

#include <QString>

class QPushButton;
class QWidget;

namespace sd::ui {

/// Controls the publisher pages build the same way: found by tests through objectName, named for screen
/// readers.
class PageControls final
{
public:
    PageControls() = delete;

    static QPushButton *button(const QString &text, const QString &objectName, const QString &accessibleName,
                               QWidget *parent);
};

} // namespace sd::ui
