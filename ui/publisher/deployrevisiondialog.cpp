#include "ui/publisher/deployrevisiondialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace sd::ui {

DeployRevisionDialog::DeployRevisionDialog(const QList<models::GatewayEnvironment> &environments,
                                           int revisionCount, int maxRevisions,
                                           const QList<models::Revision> &deletable, QWidget *parent)
    : QDialog(parent)
    , m_description(new QLineEdit(this))
    , m_hint(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Cancel, this))
    , m_deploy(nullptr)
{
    setObjectName(QStringLiteral("deployRevisionDialog"));
    setWindowTitle(tr("Deploy New Revision"));
    setAccessibleName(windowTitle());

    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("A revision is a snapshot of the API as it is now. The gateway serves the "
                                "revision deployed to it, so later edits go live only with a new revision."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    if (revisionCount >= maxRevisions) {
        auto *limit = new QGroupBox(tr("Revision limit reached"), this);
        auto *limitLayout = new QFormLayout(limit);
        auto *why = new QLabel(limit);
        why->setObjectName(QStringLiteral("revisionLimitNote"));
        why->setWordWrap(true);
        limitLayout->addRow(why);
        m_limitBlocks = deletable.isEmpty();
        if (m_limitBlocks) {
            why->setText(tr("This API has %1 revisions, the most an API can have, and every one is deployed. "
                            "Undeploy a revision on the Deployments page, then try again.")
                             .arg(revisionCount));
        } else {
            why->setText(tr("This API has %1 revisions, the most an API can have. Choose a revision that is "
                            "not deployed; it is deleted before the new one is created.")
                             .arg(revisionCount));
            m_revisionToDelete = new QComboBox(limit);
            m_revisionToDelete->setObjectName(QStringLiteral("revisionToDelete"));
            for (const auto &revision : deletable) {
                const auto text = revision.description.isEmpty()
                                      ? revision.displayName()
                                      : tr("%1 (%2)").arg(revision.displayName(), revision.description);
                m_revisionToDelete->addItem(text, revision.id);
            }
            limitLayout->addRow(tr("Revision to de&lete:"), m_revisionToDelete);
            m_revisionToDelete->setAccessibleName(tr("Revision to delete"));
        }
        layout->addWidget(limit);
    }

    auto *form = new QFormLayout;
    m_description->setObjectName(QStringLiteral("revisionDescription"));
    m_description->setPlaceholderText(tr("optional, for example: first deployment"));
    form->addRow(tr("Des&cription:"), m_description);
    m_description->setAccessibleName(tr("Revision description"));
    layout->addLayout(form);

    auto *where = new QLabel(tr("Deploy to:"), this);
    layout->addWidget(where);
    for (const auto &env : environments) {
        auto *card = new QGroupBox(env.displayName, this);
        card->setObjectName(QStringLiteral("environmentCard_") + env.name);
        auto *cardLayout = new QFormLayout(card);
        auto *selected = new QCheckBox(
            tr("%1 (gateway environment %2, %3)").arg(env.displayName, env.name, env.type), card);
        selected->setObjectName(QStringLiteral("environment_") + env.name);
        selected->setAccessibleName(env.displayName);
        auto *vhost = new QComboBox(card);
        vhost->setObjectName(QStringLiteral("vhost_") + env.name);
        vhost->addItem(env.vhost);
        vhost->setAccessibleName(tr("VHost for %1").arg(env.displayName));
        vhost->setEnabled(false);
        cardLayout->addRow(selected);
        cardLayout->addRow(tr("&VHost:"), vhost);
        layout->addWidget(card);
        connect(selected, &QCheckBox::toggled, vhost, &QWidget::setEnabled);
        connect(selected, &QCheckBox::toggled, this, &DeployRevisionDialog::updateControls);
        m_cards.append({env.name, selected, vhost});
    }

    m_hint->setObjectName(QStringLiteral("deployHint"));
    m_hint->setWordWrap(true);
    layout->addWidget(m_hint);
    m_deploy = m_buttons->addButton(tr("&Deploy"), QDialogButtonBox::AcceptRole);
    m_deploy->setObjectName(QStringLiteral("deployButton"));
    m_deploy->setDefault(true);
    m_buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancelDeployButton"));
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    updateControls();
}

DeployRevisionRequest DeployRevisionDialog::request() const
{
    DeployRevisionRequest request;
    request.description = m_description->text().trimmed();
    for (const auto &card : m_cards) {
        if (card.selected->isChecked())
            request.targets.append({card.environment, card.vhost->currentText()});
    }
    if (m_revisionToDelete)
        request.revisionToDelete = m_revisionToDelete->currentData().toString();
    return request;
}

void DeployRevisionDialog::updateControls()
{
    bool any = false;
    for (const auto &card : std::as_const(m_cards))
        any = any || card.selected->isChecked();
    m_deploy->setEnabled(any && !m_limitBlocks);
    m_hint->setText(any || m_limitBlocks ? QString()
                                         : tr("Select at least one gateway environment to deploy to."));
}

} // namespace sd::ui
