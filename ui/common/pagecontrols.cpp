#include "ui/common/pagecontrols.h"

#include <QPushButton>

namespace sd::ui {

QPushButton *PageControls::button(const QString &text, const QString &objectName,
                                  const QString &accessibleName, QWidget *parent)
{
    auto *b = new QPushButton(text, parent);
    b->setObjectName(objectName);
    b->setAccessibleName(accessibleName);
    return b;
}

} // namespace sd::ui
