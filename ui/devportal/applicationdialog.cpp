#include "ui/devportal/applicationdialog.h"

#include "ui/common/messagelabel.h"
#include "ui/devportal/applicationform.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace sd::ui {

ApplicationDialog::ApplicationDialog(const QList<models::ApplicationQuota> &quotas,
                                     const std::optional<models::Application> &existing, Submit submit,
                                     QWidget *parent)
    : QDialog(parent)
    , m_submit(std::move(submit))
    , m_form(new ApplicationForm(quotas, QStringLiteral("applicationNameProblem"), this))
    , m_error(new MessageLabel(QStringLiteral("applicationDialogError"), MessageLabel::Kind::Error, this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Cancel, this))
    , m_ok(m_buttons->addButton(existing ? tr("&Save") : tr("C&reate"), QDialogButtonBox::AcceptRole))
{
    setObjectName(QStringLiteral("applicationDialog"));
    setWindowTitle(existing ? tr("Edit Application") : tr("New Application"));
    setAccessibleName(windowTitle());
    setMinimumWidth(520);

    if (existing) {
        models::ApplicationDraft draft;
        draft.name = existing->name;
        draft.quota = existing->quota;
        draft.tokenType = existing->tokenType;
        draft.description = existing->description;
        m_form->setDraft(draft);
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
    layout->addWidget(m_form);
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);

    connect(m_form, &ApplicationForm::validityChanged, m_ok, &QPushButton::setEnabled);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &ApplicationDialog::submit);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    m_ok->setEnabled(m_form->isValid());
    m_form->setFocus();
}

models::ApplicationDraft ApplicationDialog::draft() const
{
    return m_form->draft();
}

void ApplicationDialog::submit()
{
    const auto error = m_submit(draft());
    m_error->showMessage(error);
    if (error.isEmpty())
        accept();
    else
        m_form->setFocus();
}

} // namespace sd::ui
