#pragma once

#include "gateway/client/streamrequest.h"
#include "ui/devportal/portalcontext.h"
#include "ui/devportal/subscriptionwizardflow.h"

#include <QWizard>
#include <memory>

class QLabel;

namespace sd::ui {

class WizardCopyPage;

/// "Subscription & Key Generation Wizard", as in WSO2's Developer Portal: create (or pick) an
/// application, subscribe it to the API, generate keys, issue an access token and copy it. Each step's
/// Next does its work once; Cancel on steps 1-4 asks, then undoes what the wizard created (and says
/// what it could not). The last step has no Cancel: the token is ready, Finish or open it in the viewer.
class SubscriptionWizard final : public QWizard
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SubscriptionWizard)

public:
    enum PageId { ApplicationPageId, SubscribePageId, KeysPageId, TokenPageId, CopyPageId };

    SubscriptionWizard(const PortalContext &context, const QString &apiId, QWidget *parent = nullptr);
    ~SubscriptionWizard() override;

    /// What the wizard has done so far (what Cancel would undo).
    const SubscriptionWizardFlow &flow() const { return *m_flow; }

    /// Cancel, Escape and closing the window: asks, then undoes (on the last page it finishes).
    void reject() override;

Q_SIGNALS:
    void openStreamRequested(const sd::gateway::StreamRequest &request);

private:
    bool isBusy() const;
    void pageShown(int id);
    void openInViewer();
    /// After Cancel's undo: says what could not be undone, then closes.
    void undone(const SubscriptionWizardFlow::UndoReport &report);

    PortalContext m_context;
    std::shared_ptr<SubscriptionWizardFlow> m_flow;
    WizardCopyPage *m_copyPage;
    QLabel *m_steps;
};

} // namespace sd::ui
