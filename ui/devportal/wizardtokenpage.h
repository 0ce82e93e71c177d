#pragma once

#include "ui/devportal/wizardsteppage.h"

class QCheckBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace sd::ui {

/// Step 4: the keys just taken (consumer key; secret masked with a show toggle) and the token's validity.
/// Next issues the access token and keeps it in the keychain; after that the wizard only shows it.
class WizardTokenPage final : public WizardStepPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WizardTokenPage)

public:
    WizardTokenPage(const PortalContext &context, const std::shared_ptr<SubscriptionWizardFlow> &flow,
                    QWidget *parent = nullptr);

    void initializePage() override;
    QWidget *initialFocus() const override;

protected:
    bool start() override;

private:
    void tokenIssued();

    QLineEdit *m_consumerKey;
    QLineEdit *m_consumerSecret;
    QCheckBox *m_showSecret;
    QLabel *m_secretNote;
    QSpinBox *m_validity;
};

} // namespace sd::ui
