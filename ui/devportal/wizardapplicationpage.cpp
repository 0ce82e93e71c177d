#include "ui/devportal/wizardapplicationpage.h"

#include "models/lifecycle.h"
#include "ui/devportal/applicationform.h"
#include "ui/devportal/subscriptionwizardflow.h"

#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QRadioButton>
#include <QVBoxLayout>

namespace sd::ui {

namespace {

constexpr int subscribedRole = Qt::UserRole + 1;

} // namespace

WizardApplicationPage::WizardApplicationPage(const PortalContext &context,
                                             const std::shared_ptr<SubscriptionWizardFlow> &flow,
                                             QWidget *parent)
    : WizardStepPage(context, flow, 1, tr("Create an application"),
                     tr("An application holds the keys and the access tokens you call the API with. Next "
                        "creates it. If you come back to this step later, the application you created is "
                        "picked under \"Use an existing application\", so Next does not create a second "
                        "one; Cancel deletes it."),
                     parent)
    , m_createNew(new QRadioButton(tr("&Create a new application"), this))
    , m_useExisting(new QRadioButton(tr("Use an &existing application"), this))
    , m_newGroup(new QGroupBox(tr("New application"), this))
    , m_form(
          new ApplicationForm(context.portal->quotas(), QStringLiteral("applicationNameError"), m_newGroup))
    , m_existing(new QComboBox(this))
{
    setObjectName(QStringLiteral("wizardApplicationPage"));
    m_createNew->setObjectName(QStringLiteral("createApplicationChoice"));
    m_useExisting->setObjectName(QStringLiteral("existingApplicationChoice"));
    m_createNew->setChecked(true);

    auto *newLayout = new QVBoxLayout(m_newGroup);
    newLayout->addWidget(m_form);

    m_existing->setObjectName(QStringLiteral("existingApplication"));
    m_existing->setAccessibleName(tr("Existing application"));
    auto *existingForm = new QFormLayout;
    existingForm->addRow(tr("&Application:"), m_existing);

    body()->addWidget(m_createNew);
    body()->addWidget(m_newGroup);
    body()->addWidget(m_useExisting);
    body()->addLayout(existingForm);

    setTabOrder(m_form->setTabOrderAfter(m_createNew), m_useExisting);
    setTabOrder(m_useExisting, m_existing);

    connect(m_createNew, &QRadioButton::toggled, this, &WizardApplicationPage::updateControls);
    connect(m_form, &ApplicationForm::validityChanged, this, &WizardApplicationPage::updateControls);
    connect(m_form, &ApplicationForm::nameEdited, this, [this] {
        if (!this->flow().api().id.isEmpty())
            clearFailure();
    });
    connect(m_existing, &QComboBox::currentIndexChanged, this, &WizardApplicationPage::updateControls);
    loadApplications({});
    updateControls();
    const auto &api = flow->api();
    if (api.id.isEmpty()) {
        fail(tr("This API is no longer in the Developer Portal (it may have been retired or deleted "
                "meanwhile). Close the wizard and pick an API from the catalog."));
    } else if (!models::Lifecycle::acceptsSubscriptions(api.state)) {
        // Only an application that is subscribed already can go on to keys and a token.
        m_createNew->setEnabled(false);
        m_useExisting->setChecked(true);
        showWarning(tr("%1 %2 is %3 and takes no new subscriptions: pick an application that is subscribed "
                       "to it already.")
                        .arg(api.name, api.version, models::Lifecycle::stateName(api.state)));
    }
}

void WizardApplicationPage::initializePage()
{
    loadApplications(m_existing->currentData().toString());
    updateControls();
}

QWidget *WizardApplicationPage::initialFocus() const
{
    return m_createNew->isChecked() ? static_cast<QWidget *>(m_form) : m_existing;
}

void WizardApplicationPage::loadApplications(const QString &select)
{
    const auto &api = flow().api();
    m_existing->clear();
    for (const auto &[app, subscribed] : flow().applications()) {
        QStringList marks;
        if (subscribed)
            marks << tr("already subscribed to %1 %2").arg(api.name, api.version);
        if (flow().createdHere(app.id))
            marks << tr("created by this wizard");
        const auto text = marks.isEmpty() ? app.name : tr("%1 (%2)").arg(app.name, marks.join(u"; "));
        m_existing->addItem(text, app.id);
        m_existing->setItemData(m_existing->count() - 1, subscribed, subscribedRole);
    }
    const int index = m_existing->findData(select);
    m_existing->setCurrentIndex(index >= 0 ? index : 0);
    m_useExisting->setEnabled(m_existing->count() > 0);
    m_useExisting->setText(m_existing->count() > 0 ? tr("Use an &existing application")
                                                   : tr("Use an &existing application (you have none yet)"));
}

void WizardApplicationPage::updateControls()
{
    const bool createNew = m_createNew->isChecked();
    m_newGroup->setEnabled(createNew);
    m_existing->setEnabled(!createNew && m_existing->count() > 0);
    Q_EMIT completeChanged();
}

bool WizardApplicationPage::isReady() const
{
    if (flow().api().id.isEmpty())
        return false;
    if (m_createNew->isChecked())
        return m_form->isValid();
    if (m_existing->currentIndex() < 0)
        return false;
    return models::Lifecycle::acceptsSubscriptions(flow().api().state) ||
           m_existing->currentData(subscribedRole).toBool();
}

bool WizardApplicationPage::start()
{
    if (m_useExisting->isChecked()) {
        const auto used = flow().useApplication(m_existing->currentData().toString());
        if (!used)
            fail(used.error());
        return used.ok();
    }
    const auto draft = m_form->draft();
    auto shared = sharedFlow();
    runStep(
        tr("Creating the application \"%1\"...").arg(draft.name),
        [shared, draft] { return shared->createApplication(draft); },
        [this] {
            const auto &created = *flow().application();
            loadApplications(created.id);
            m_useExisting->setChecked(true);
            m_form->clearName();
            showNote(tr("Created the application \"%1\". It is picked here as an existing application; "
                        "Cancel deletes it.")
                         .arg(created.name));
            proceed();
        });
    return false;
}

void WizardApplicationPage::failed(const models::Error &error)
{
    if (error.kind == models::Error::Kind::Conflict) {
        fail(
            tr("You already have an application named \"%1\". Choose another name, or pick it under \"Use an "
               "existing application\".")
                .arg(m_form->draft().name));
    } else {
        fail(error);
    }
    m_form->setFocus();
}

} // namespace sd::ui
