#include "ui/devportal/applicationdialog.h"

#include "models/validator.h"
#include "ui/common/messagelabel.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace sd::ui {

namespace {

constexpr int maxNameLength = 70;

} // namespace

ApplicationDialog::ApplicationDialog(const QList<models::ApplicationQuota> &quotas,
                                     const std::optional<models::Application> &existing, Submit submit,
                                     QWidget *parent)
    : QDialog(parent)
    , m_submit(std::move(submit))
    , m_name(new QLineEdit(this))
    , m_nameCount(new QLabel(this))
    , m_nameProblem(
          new MessageLabel(QStringLiteral("applicationNameProblem"), MessageLabel::Kind::Error, this))
    , m_quota(new QComboBox(this))
    , m_tokenType(new QComboBox(this))
    , m_description(new QLineEdit(this))
    , m_error(new MessageLabel(QStringLiteral("applicationDialogError"), MessageLabel::Kind::Error, this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Cancel, this))
    , m_ok(m_buttons->addButton(existing ? tr("&Save") : tr("C&reate"), QDialogButtonBox::AcceptRole))
{
    setObjectName(QStringLiteral("applicationDialog"));
    setWindowTitle(existing ? tr("Edit Application") : tr("New Application"));
    setAccessibleName(windowTitle());
    setMinimumWidth(520);

    m_name->setObjectName(QStringLiteral("applicationName"));
    m_name->setPlaceholderText(tr("for example: ObserverClient"));
    m_nameCount->setObjectName(QStringLiteral("applicationNameCount"));
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

    auto *form = new QFormLayout;
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

    if (existing) {
        m_name->setText(existing->name);
        m_description->setText(existing->description);
        m_tokenType->setCurrentIndex(m_tokenType->findData(int(existing->tokenType)));
        if (m_quota->findData(existing->quota) < 0)
            m_quota->addItem(existing->quota, existing->quota);
        m_quota->setCurrentIndex(m_quota->findData(existing->quota));
    }

    m_ok->setObjectName(QStringLiteral("applicationOkButton"));
    m_ok->setDefault(true);
    m_buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("applicationCancelButton"));

    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("An application holds the keys and access tokens you call APIs with. The "
                                "per-token quota limits how often a token may open a stream."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);

    setTabOrder(m_name, m_quota);
    setTabOrder(m_quota, m_tokenType);
    setTabOrder(m_tokenType, m_description);

    connect(m_name, &QLineEdit::textChanged, this, &ApplicationDialog::updateControls);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &ApplicationDialog::submit);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    updateControls();
    m_name->setFocus();
}

models::ApplicationDraft ApplicationDialog::draft() const
{
    models::ApplicationDraft draft;
    draft.name = m_name->text();
    draft.quota = m_quota->currentData().toString();
    draft.tokenType = static_cast<models::TokenType>(m_tokenType->currentData().toInt());
    draft.description = m_description->text().trimmed();
    return draft;
}

void ApplicationDialog::updateControls()
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
    m_ok->setEnabled(valid.ok() && m_quota->currentIndex() >= 0);
}

void ApplicationDialog::submit()
{
    const auto error = m_submit(draft());
    m_error->showMessage(error);
    if (error.isEmpty())
        accept();
    else
        m_name->setFocus();
}

} // namespace sd::ui
