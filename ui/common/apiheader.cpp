#include "ui/common/apiheader.h"

#include "models/api.h"
#include "ui/common/pagecontrols.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

namespace sd::ui {

ApiHeader::ApiHeader(const QString &backText, const QString &backObjectName,
                     const QString &backAccessibleName, const QString &names, QWidget *parent)
    : QWidget(parent)
    , m_back(PageControls::button(backText, backObjectName, backAccessibleName, this))
    , m_title(new QLabel(this))
    , m_state(new QLabel(this))
{
    m_back->setShortcut(QKeySequence::Back);
    m_title->setObjectName(names + QStringLiteral("Title"));
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_state->setObjectName(names + QStringLiteral("State"));
    m_state->setStyleSheet(
        QStringLiteral("QLabel { border: 1px solid palette(mid); border-radius: 4px; padding: 2px 8px; }"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_back);
    layout->addWidget(m_title);
    layout->addWidget(m_state);
    layout->addStretch();
}

void ApiHeader::setApi(const models::Api &api)
{
    m_title->setText(QStringLiteral("<h2>%1 <span style='font-weight:normal'>%2</span></h2>")
                         .arg(api.name.toHtmlEscaped(), api.version.toHtmlEscaped()));
    m_title->setAccessibleName(tr("%1 version %2").arg(api.name, api.version));
    m_state->setText(models::Lifecycle::stateName(api.state));
    m_state->setAccessibleName(tr("Lifecycle state: %1").arg(m_state->text()));
}

} // namespace sd::ui
