#include "ui/publisher/endpointcheck.h"

#include "gateway/upstream/endpointprobe.h"
#include "models/validator.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

namespace sd::ui {

EndpointCheck::EndpointCheck(QLineEdit *field, const QString &name, const QString &fieldLabel,
                             QWidget *parent)
    : QWidget(parent)
    , m_field(field)
    , m_button(new QPushButton(tr("Check endpoint"), this))
    , m_result(new QLabel(this))
    , m_probe(new gateway::EndpointProbe(this))
{
    m_button->setObjectName(name + QStringLiteral("CheckButton"));
    m_button->setAccessibleName(tr("Check %1").arg(fieldLabel));
    m_result->setObjectName(name + QStringLiteral("CheckResult"));
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    setFocusProxy(m_button);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_button);
    layout->addWidget(m_result, 1);
    connect(m_button, &QPushButton::clicked, this, &EndpointCheck::check);
    connect(m_probe, &gateway::EndpointProbe::finished, this, &EndpointCheck::show);
    // A result says nothing about a URL typed since.
    connect(m_field, &QLineEdit::textChanged, m_result, &QLabel::clear);
}

QString EndpointCheck::resultText() const
{
    return m_result->text();
}

void EndpointCheck::check()
{
    const auto url = m_field->text().trimmed();
    m_result->setStyleSheet({});
    if (url.isEmpty()) {
        m_result->setText(tr("Type an endpoint URL first."));
        return;
    }
    if (const auto valid = models::Validator::endpoint(QStringLiteral("endpoint"), url, true); !valid) {
        m_result->setText(valid.error().message);
        return;
    }
    m_button->setEnabled(false);
    m_result->setText(tr("Checking %1...").arg(url));
    m_probe->start(QUrl(url));
}

void EndpointCheck::show(const gateway::ProbeResult &result)
{
    m_button->setEnabled(true);
    const bool good =
        result.answered && result.eventStream && result.httpStatus >= 200 && result.httpStatus < 300;
    if (!result.answered)
        m_result->setText(tr("\u2716 No answer (%1). Check that the backend runs and that the URL is right.")
                              .arg(result.error.endsWith(u'.') ? result.error.chopped(1) : result.error));
    else if (good)
        m_result->setText(tr("\u2714 HTTP %1, %2: the endpoint streams events.")
                              .arg(result.httpStatus)
                              .arg(result.mediaType));
    else
        m_result->setText(
            tr("\u2716 HTTP %1, %2: not an event stream. The gateway needs a backend that answers "
               "with text/event-stream; check the URL and its path.")
                .arg(result.httpStatus)
                .arg(result.mediaType.isEmpty() ? tr("no media type") : result.mediaType));
    m_result->setStyleSheet(good ? QStringLiteral("color: #1b6e2a;") : QStringLiteral("color: #b3261e;"));
}

} // namespace sd::ui
