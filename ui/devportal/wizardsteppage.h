#pragma once

#include "models/result.h"
#include "ui/devportal/portalcontext.h"

#include <QWizardPage>
#include <functional>
#include <memory>

class QLabel;
class QProgressBar;
class QVBoxLayout;
class QWidget;

namespace sd::ui {

class MessageLabel;
class SubscriptionWizardFlow;

/// A step of the subscription wizard whose Next has a side effect: Next starts it (start()), the page
/// shows a busy bar with the wizard's buttons disabled meanwhile, and moves on by itself once it is done
/// (proceed()) or stays with the error in plain words (fail()).
class WizardStepPage : public QWizardPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WizardStepPage)

public:
    bool isComplete() const override;
    bool validatePage() override;
    bool isBusy() const { return m_busy; }
    /// The control the keyboard starts on when the page is shown; null leaves the wizard's choice.
    virtual QWidget *initialFocus() const;
    /// Shows `what` while `work` runs on a worker thread, then runs `done` here, or failed() on an error.
    /// The page stays busy until `done` moves on (proceed()) or ends it (setIdle()).
    void runStep(const QString &what, std::function<models::Status()> work, std::function<void()> done);
    void setIdle();

protected:
    /// `intro` says what the step is for and what its Next does.
    WizardStepPage(const PortalContext &context, const std::shared_ptr<SubscriptionWizardFlow> &flow,
                   int step, const QString &title, const QString &intro, QWidget *parent = nullptr);

    /// Whether Next may be pressed with what the page shows now.
    virtual bool isReady() const;
    /// Starts the step's side effect and returns false, or returns true when there is nothing to do.
    virtual bool start() = 0;

    /// The page's own controls go here (disabled while busy).
    QVBoxLayout *body() const { return m_bodyLayout; }
    void setBusy(const QString &what);
    /// Keeps `secret` in the keychain under `key` (logged in the flow once written), then runs `done`.
    void storeSecret(const QString &key, const QString &secret, std::function<void()> done);
    /// How runStep() reports an error: fail() with it in plain words.
    virtual void failed(const models::Error &error);
    void proceed();
    void fail(const QString &text);
    void fail(const models::Error &error);
    /// Hides the last failure (the user is correcting it).
    void clearFailure();
    void showNote(const QString &text);
    void showWarning(const QString &text);

    const PortalContext &context() const { return m_context; }
    SubscriptionWizardFlow &flow() const { return *m_flow; }
    /// For the steps' background work, which may outlive the page.
    std::shared_ptr<SubscriptionWizardFlow> sharedFlow() const { return m_flow; }

private:
    PortalContext m_context;
    std::shared_ptr<SubscriptionWizardFlow> m_flow;
    QLabel *m_intro; // created first, so screen readers read it before the controls
    QWidget *m_body;
    QVBoxLayout *m_bodyLayout;
    MessageLabel *m_message;
    MessageLabel *m_note;
    QLabel *m_progressText;
    QProgressBar *m_progress;
    bool m_busy = false;
    bool m_proceeding = false;
};

} // namespace sd::ui
