#include "ui/devportal/wizardsteppage.h"

#include "models/result.h"
#include "ui/common/backgroundtask.h"
#include "ui/common/messagelabel.h"
#include "ui/common/serviceerrortext.h"
#include "ui/devportal/subscriptionwizardflow.h"
#include "ui/keychain/secretstore.h"

#include <QAbstractButton>
#include <QLabel>
#include <QProgressBar>
#include <QVBoxLayout>
#include <QWizard>

namespace sd::ui {

WizardStepPage::WizardStepPage(const PortalContext &context,
                               const std::shared_ptr<SubscriptionWizardFlow> &flow, int step,
                               const QString &title, const QString &intro, QWidget *parent)
    : QWizardPage(parent)
    , m_context(context)
    , m_flow(flow)
    , m_intro(new QLabel(intro, this))
    , m_body(new QWidget(this))
    , m_bodyLayout(new QVBoxLayout(m_body))
    , m_message(new MessageLabel(QStringLiteral("stepMessage"), MessageLabel::Kind::Error, this))
    , m_note(new MessageLabel(QStringLiteral("stepNote"), MessageLabel::Kind::Success, this))
    , m_progressText(new QLabel(this))
    , m_progress(new QProgressBar(this))
{
    setTitle(tr("Step %1 of 5: %2").arg(step).arg(title));
    // A label rather than the wizard's subtitle, which cuts long text off after two lines.
    m_intro->setObjectName(QStringLiteral("stepIntro"));
    m_intro->setWordWrap(true);
    m_bodyLayout->setContentsMargins(0, 0, 0, 0);
    m_body->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);

    m_message->setAccessibleName(tr("Problem"));
    m_note->setAccessibleName(tr("Note"));
    m_progressText->setObjectName(QStringLiteral("stepProgressText"));
    m_progressText->hide();
    m_progress->setObjectName(QStringLiteral("stepProgress"));
    m_progress->setRange(0, 0);
    m_progress->setTextVisible(false);
    m_progress->hide();

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_intro);
    layout->addSpacing(m_intro->fontMetrics().height() / 2);
    layout->addWidget(m_body);
    layout->addWidget(m_note);
    layout->addWidget(m_message);
    layout->addStretch();
    layout->addWidget(m_progressText);
    layout->addWidget(m_progress);
}

QWidget *WizardStepPage::initialFocus() const
{
    return nullptr;
}

bool WizardStepPage::isReady() const
{
    return true;
}

bool WizardStepPage::isComplete() const
{
    return !m_busy && isReady();
}

bool WizardStepPage::validatePage()
{
    if (std::exchange(m_proceeding, false))
        return true;
    if (m_busy || !isReady())
        return false;
    clearFailure();
    return start();
}

void WizardStepPage::setBusy(const QString &what)
{
    m_busy = true;
    m_progressText->setText(what);
    m_progressText->show();
    m_progress->setAccessibleName(what);
    m_progress->show();
    m_body->setEnabled(false);
    // The wizard re-enables Back when it updates its buttons, so this comes after completeChanged().
    Q_EMIT completeChanged();
    if (auto *wizard = this->wizard()) {
        for (const auto which : {QWizard::BackButton, QWizard::CancelButton})
            wizard->button(which)->setEnabled(false);
    }
}

void WizardStepPage::runStep(const QString &what, std::function<models::Status()> work,
                             std::function<void()> done)
{
    setBusy(what);
    runInBackground(std::move(work)).then(this, [this, done = std::move(done)](const models::Status &status) {
        if (status)
            done();
        else
            failed(status.error());
    });
}

void WizardStepPage::storeSecret(const QString &key, const QString &secret, std::function<void()> done)
{
    if (!m_context.secrets) {
        done();
        return;
    }
    m_context.secrets->write(key, secret, this,
                             [this, key, done = std::move(done)](bool ok, const QString &) {
                                 if (ok)
                                     m_flow->logKeychainEntry(key);
                                 done();
                             });
}

void WizardStepPage::failed(const models::Error &error)
{
    fail(error);
}

void WizardStepPage::setIdle()
{
    m_busy = false;
    m_progress->hide();
    m_progressText->hide();
    m_body->setEnabled(true);
    if (auto *wizard = this->wizard())
        wizard->button(QWizard::CancelButton)->setEnabled(true);
    Q_EMIT completeChanged();
}

void WizardStepPage::proceed()
{
    setIdle();
    m_proceeding = true;
    if (auto *wizard = this->wizard(); wizard && wizard->currentPage() == this)
        wizard->next();
    m_proceeding = false;
}

void WizardStepPage::fail(const QString &text)
{
    setIdle();
    m_message->showMessage(text);
}

void WizardStepPage::fail(const models::Error &error)
{
    fail(ServiceErrorText::describe(error));
}

void WizardStepPage::clearFailure()
{
    m_message->showMessage(QString());
}

void WizardStepPage::showNote(const QString &text)
{
    m_note->showMessage(MessageLabel::Kind::Success, text);
}

void WizardStepPage::showWarning(const QString &text)
{
    m_note->showMessage(MessageLabel::Kind::Warning, text);
}

} // namespace sd::ui
