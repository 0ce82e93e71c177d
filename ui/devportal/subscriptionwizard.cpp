#include "ui/devportal/subscriptionwizard.h"

#include "ui/common/messagebox.h"
#include "ui/common/session.h"
#include "ui/devportal/subscriptionwizardflow.h"
#include "ui/devportal/wizardapplicationpage.h"
#include "ui/devportal/wizardcopypage.h"
#include "ui/devportal/wizardkeyspage.h"
#include "ui/devportal/wizardsubscribepage.h"
#include "ui/devportal/wizardtokenpage.h"
#include "ui/keychain/secretstore.h"

#include <QAbstractButton>
#include <QLabel>

namespace sd::ui {

namespace {

QString bulleted(const QStringList &lines)
{
    QString text;
    for (const auto &line : lines)
        text += QStringLiteral("\n  \u2022 ") + line;
    return text;
}

} // namespace

SubscriptionWizard::SubscriptionWizard(const PortalContext &context, const QString &apiId, QWidget *parent)
    : QWizard(parent)
    , m_context(context)
    , m_flow(
          std::make_shared<SubscriptionWizardFlow>(context.portal, context.tokens, context.session->user(),
                                                   context.portal->visibleApi(apiId).value_or(models::Api{})))
    , m_copyPage(new WizardCopyPage(context, m_flow, this))
    , m_steps(new QLabel(this))
{
    setObjectName(QStringLiteral("subscriptionWizard"));
    setWindowTitle(tr("Subscription & Key Generation Wizard"));
    setAccessibleName(windowTitle());
    setOption(QWizard::NoBackButtonOnStartPage, true);
    setOption(QWizard::HaveCustomButton1, true);
    setButtonText(QWizard::CustomButton1, tr("Open in Stream &Viewer"));
    button(QWizard::CustomButton1)->setObjectName(QStringLiteral("openInStreamViewer"));

    setPage(ApplicationPageId, new WizardApplicationPage(context, m_flow, this));
    setPage(SubscribePageId, new WizardSubscribePage(context, m_flow, this));
    setPage(KeysPageId, new WizardKeysPage(context, m_flow, this));
    setPage(TokenPageId, new WizardTokenPage(context, m_flow, this));
    setPage(CopyPageId, m_copyPage);

    // The five steps down the side, as WSO2's wizard shows them across the top.
    m_steps->setObjectName(QStringLiteral("wizardSteps"));
    m_steps->setTextFormat(Qt::RichText);
    m_steps->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_steps->setMargin(12);
    setSideWidget(m_steps);

    connect(this, &QWizard::currentIdChanged, this, &SubscriptionWizard::pageShown);
    connect(this, &QWizard::customButtonClicked, this, [this](int which) {
        if (which == QWizard::CustomButton1)
            openInViewer();
    });
    pageShown(ApplicationPageId);
    resize(880, 560);
}

SubscriptionWizard::~SubscriptionWizard() = default;

bool SubscriptionWizard::isBusy() const
{
    const auto *step = qobject_cast<const WizardStepPage *>(currentPage());
    return step && step->isBusy();
}

void SubscriptionWizard::pageShown(int id)
{
    // The last step has nothing to undo and nothing to go back to.
    if (id == CopyPageId)
        setButtonLayout({QWizard::Stretch, QWizard::CustomButton1, QWizard::FinishButton});
    else
        setButtonLayout({QWizard::Stretch, QWizard::BackButton, QWizard::NextButton, QWizard::CancelButton});
    const QStringList names{tr("Create application"), tr("Subscribe"), tr("Generate keys"),
                            tr("Generate access token"), tr("Copy access token")};
    QString steps;
    for (int step = 0; step < names.size(); ++step) {
        const auto line = tr("%1. %2").arg(step + 1).arg(names[step]).toHtmlEscaped();
        if (step == id)
            steps += u"<p><b>" + line + u"</b></p>";
        else if (step < id)
            steps += u"<p>" + line + u" \u2713</p>";
        else
            steps += u"<p style=\"color: palette(mid)\">" + line + u"</p>";
    }
    m_steps->setText(steps);
    m_steps->setAccessibleName(tr("Step %1 of %2: %3").arg(id + 1).arg(names.size()).arg(names.value(id)));
    // QWizard focuses the page's first control just before; some pages start elsewhere.
    const auto *step = qobject_cast<const WizardStepPage *>(currentPage());
    if (auto *focus = step ? step->initialFocus() : nullptr)
        focus->setFocus();
}

void SubscriptionWizard::reject()
{
    if (isBusy())
        return;
    if (currentId() == CopyPageId) {
        accept();
        return;
    }
    if (!m_flow->canUndo()) {
        QWizard::reject();
        return;
    }
    const auto question =
        tr("Cancel the wizard? It will undo what it did:%1\n\nNothing that existed before the wizard is "
           "touched.")
            .arg(bulleted(m_flow->undoPlan()));
    if (MessageBox::question(this, tr("Cancel the wizard"), question) != QMessageBox::Yes)
        return;
    auto *step = qobject_cast<WizardStepPage *>(currentPage());
    auto report = std::make_shared<SubscriptionWizardFlow::UndoReport>();
    step->runStep(
        tr("Undoing what the wizard did..."),
        [flow = m_flow, report] {
            *report = flow->undo();
            return models::Status(models::Done{});
        },
        [this, step, report] {
            step->setIdle();
            undone(*report);
        });
}

void SubscriptionWizard::undone(const SubscriptionWizardFlow::UndoReport &report)
{
    if (m_context.secrets) {
        for (const auto &key : report.staleKeychainEntries)
            m_context.secrets->remove(key);
    }
    if (!report.left.isEmpty()) {
        const auto done =
            report.undone.isEmpty() ? QString() : tr("\n\nIt did:%1").arg(bulleted(report.undone));
        MessageBox::warning(this, tr("Not everything was undone"),
                            tr("The wizard could not undo everything. Left as it is:%1%2\n\nRemove what is "
                               "left on the Applications page.")
                                .arg(bulleted(report.left), done));
    }
    QWizard::reject();
}

void SubscriptionWizard::openInViewer()
{
    const auto &issued = m_flow->issuedToken();
    if (!issued)
        return;
    const auto &api = m_flow->api();
    gateway::StreamRequest request;
    request.url = m_copyPage->invocationUrl();
    request.title = api.name + u' ' + api.version;
    request.setBearerToken(issued->token.accessToken);
    Q_EMIT openStreamRequested(request);
    accept();
}

} // namespace sd::ui
