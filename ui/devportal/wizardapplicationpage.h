#pragma once

#include "ui/devportal/wizardsteppage.h"

class QComboBox;
class QGroupBox;
class QRadioButton;

namespace sd::ui {

class ApplicationForm;

/// Step 1: create an application (name, per-token quota, token type, description) or pick an existing
/// one. Next creates it; coming back later shows it picked as an existing application, so Next again
/// creates nothing.
class WizardApplicationPage final : public WizardStepPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WizardApplicationPage)

public:
    WizardApplicationPage(const PortalContext &context, const std::shared_ptr<SubscriptionWizardFlow> &flow,
                          QWidget *parent = nullptr);

    void initializePage() override;
    QWidget *initialFocus() const override;

protected:
    bool isReady() const override;
    bool start() override;
    void failed(const models::Error &error) override;

private:
    void loadApplications(const QString &select);
    void updateControls();

    QRadioButton *m_createNew;
    QRadioButton *m_useExisting;
    QGroupBox *m_newGroup;
    ApplicationForm *m_form;
    QComboBox *m_existing;
};

} // namespace sd::ui
