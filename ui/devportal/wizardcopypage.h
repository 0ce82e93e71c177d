#pragma once

#include "ui/devportal/wizardsteppage.h"

class QCheckBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace sd::ui {

/// Step 5: the access token (masked, with a show toggle and a copy button) and the ready curl command.
/// Nothing is left to undo here: the wizard ends with Finish or Open in Stream Viewer.
class WizardCopyPage final : public WizardStepPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WizardCopyPage)

public:
    WizardCopyPage(const PortalContext &context, const std::shared_ptr<SubscriptionWizardFlow> &flow,
                   QWidget *parent = nullptr);

    void initializePage() override;
    QWidget *initialFocus() const override;
    /// The gateway URL a first call should use.
    QUrl invocationUrl() const;

protected:
    bool start() override;

private:
    void showToken(bool show);
    QString curlCommand(const QString &token) const;

    QLineEdit *m_token;
    QCheckBox *m_showToken;
    QPushButton *m_copyToken;
    QLabel *m_tokenNote;
    QPlainTextEdit *m_curl;
    QPushButton *m_copyCurl;
};

} // namespace sd::ui
