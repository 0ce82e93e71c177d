#include "ui/devportal/applicationform.h"

#include "models/validator.h"
#include "ui/common/messagelabel.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>

namespace sd::ui {

namespace {

constexpr int maxNameLength = 70;

} // namespace

ApplicationForm::ApplicationForm(const QList<models::ApplicationQuota> &quotas,
                                 const QString &problemObjectName, QWidget *parent)
    : QWidget(parent)
    , m_name(new QLineEdit(this))
    , m_nameCount(new QLabel(this))
    , m_nameProblem(new MessageLabel(problemObjectName, MessageLabel::Kind::Error, this))
    , m_quota(new QComboBox(this))
    , m_tokenType(new QComboBox(this))
    , m_description(new QLineEdit(this))
{
    setObjectName(QStringLiteral("applicationForm"));
    m_name->setObjectName(QStringLiteral("applicationName"));
    m_name->setPlaceholderText(tr("for example: ObserverClient"));
    m_nameCount->setObjectName(QStringLiteral("applicationNameCount"));
    m_nameProblem->setAccessibleName(tr("Application name problem"));
    auto *nameRow = new QHBoxLayout;
    nameRow->addWidget(m_name, 1);
    nameRow->addWidget(m_nameCount);

    m_quota->setObjectName(QStringLiteral("applicationQuota"));
    for (const auto &quota : quotas) {
        const auto limit = quota.unlimited() ? tr("no limit")
                                             : tr("%1 token requests a minute").arg(quota.requestsPerMinute);
        m_quota->addItem(tr("%1 (%2)").arg(quota.name, limit), quota.name);
    }
    m_tokenType->setObjectName(QStringLiteral("applicationTokenType"));
    m_tokenType->addItem(tr("JWT (signed; the gateway checks it without a lookup)"),
                         int(models::TokenType::Jwt));
    m_tokenType->addItem(tr("OAuth (opaque; the gateway looks it up)"), int(models::TokenType::OAuth));
    m_description->setObjectName(QStringLiteral("applicationDescription"));
    m_description->setPlaceholderText(tr("optional"));

    auto *form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(tr("Na&me:"), nameRow);
    form->addRow(QString(), m_nameProblem);
    form->addRow(tr("Per-token &quota:"), m_quota);
    form->addRow(tr("&Token type:"), m_tokenType);
    form->addRow(tr("&Description:"), m_description);
    qobject_cast<QLabel *>(form->labelForField(nameRow))->setBuddy(m_name);
    m_name->setAccessibleName(tr("Application name"));
    m_quota->setAccessibleName(tr("Per-token quota"));
    m_tokenType->setAccessibleName(tr("Token type"));
    m_description->setAccessibleName(tr("Description"));

    setFocusProxy(m_name);

    connect(m_name, &QLineEdit::textChanged, this, &ApplicationForm::updateName);
    connect(m_name, &QLineEdit::textEdited, this, &ApplicationForm::nameEdited);
    updateName();
}

models::ApplicationDraft ApplicationForm::draft() const
{
    models::ApplicationDraft draft;
    draft.name = m_name->text();
    draft.quota = m_quota->currentData().toString();
    draft.tokenType = static_cast<models::TokenType>(m_tokenType->currentData().toInt());
    draft.description = m_description->text().trimmed();
    return draft;
}

void ApplicationForm::setDraft(const models::ApplicationDraft &draft)
{
    m_name->setText(draft.name);
    m_description->setText(draft.description);
    m_tokenType->setCurrentIndex(m_tokenType->findData(int(draft.tokenType)));
    if (m_quota->findData(draft.quota) < 0)
        m_quota->addItem(draft.quota, draft.quota);
    m_quota->setCurrentIndex(m_quota->findData(draft.quota));
    updateName();
}

void ApplicationForm::clearName()
{
    m_name->clear();
}

bool ApplicationForm::isValid() const
{
    return m_valid;
}

QWidget *ApplicationForm::setTabOrderAfter(QWidget *previous)
{
    // Qt 6.4 moves only the widget itself in setTabOrder, not a container's children.
    setTabOrder(previous, m_name);
    setTabOrder(m_name, m_quota);
    setTabOrder(m_quota, m_tokenType);
    setTabOrder(m_tokenType, m_description);
    return m_description;
}

void ApplicationForm::updateName()
{
    const auto name = m_name->text();
    m_nameCount->setText(tr("%1/%2").arg(name.size()).arg(maxNameLength));
    m_nameCount->setAccessibleName(tr("%1 of at most %2 characters").arg(name.size()).arg(maxNameLength));
    const auto valid = models::Validator::applicationName(name);
    if (name.size() > maxNameLength) {
        m_nameProblem->showMessage(tr("The name has %1 characters; an application name can have at most %2. "
                                      "Shorten it.")
                                       .arg(name.size())
                                       .arg(maxNameLength));
    } else {
        m_nameProblem->showMessage(
            name.isEmpty() || valid ? QString() : valid.error().message + u' ' + tr("Correct it."));
    }
    const bool nowValid = valid.ok() && m_quota->currentIndex() >= 0;
    if (nowValid != m_valid) {
        m_valid = nowValid;
        Q_EMIT validityChanged(m_valid);
    }
}

} // namespace sd::ui
