#pragma once

#include "ui/devportal/wizardsteppage.h"

class QComboBox;
class QLabel;

namespace sd::ui {

/// Step 2: subscribe the application to the API under a business plan (the API's first plan preselected).
/// An application that is subscribed already keeps its subscription and Next only goes on.
class WizardSubscribePage final : public WizardStepPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WizardSubscribePage)

public:
    WizardSubscribePage(const PortalContext &context, const std::shared_ptr<SubscriptionWizardFlow> &flow,
                        QWidget *parent = nullptr);

    void initializePage() override;
    QWidget *initialFocus() const override;

protected:
    bool isReady() const override;
    bool start() override;

private:
    QLabel *m_summary;
    QComboBox *m_plan;
    bool m_subscribed = false;
    bool m_closed = false; // the API takes no new subscriptions
};

} // namespace sd::ui
