#pragma once

#include "ui/devportal/wizardsteppage.h"

class QLabel;
class QRadioButton;
class QTableWidget;

namespace sd::ui {

/// Step 3: the key type (PRODUCTION or SANDBOX) and the read-only key configuration. Next generates the
/// consumer key and secret and keeps the secret in the keychain; keys the application has already are
/// used as they are, their secret read from the keychain.
class WizardKeysPage final : public WizardStepPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WizardKeysPage)

public:
    WizardKeysPage(const PortalContext &context, const std::shared_ptr<SubscriptionWizardFlow> &flow,
                   QWidget *parent = nullptr);

    void initializePage() override;
    QWidget *initialFocus() const override;

protected:
    bool start() override;

private:
    void updateNote();
    void keysTaken();

    QRadioButton *m_production;
    QRadioButton *m_sandbox;
    QTableWidget *m_configuration;
    QLabel *m_keyNote;
};

} // namespace sd::ui
