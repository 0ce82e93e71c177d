#pragma once

#include "models/gatewayenvironment.h"
#include "models/revision.h"
#include "ui/publisher/deployrevisionrequest.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace sd::ui {

/// "Deploy New Revision": a description, one card per gateway environment with its vhost, and at the
/// revision limit the revision to delete first. Fills a DeployRevisionRequest.
class DeployRevisionDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DeployRevisionDialog)

public:
    /// `revisionCount` of `maxRevisions` exist; `deletable` are the revisions that may be deleted.
    DeployRevisionDialog(const QList<models::GatewayEnvironment> &environments, int revisionCount,
                         int maxRevisions, const QList<models::Revision> &deletable,
                         QWidget *parent = nullptr);

    DeployRevisionRequest request() const;

private:
    struct Card
    {
        QString environment;
        QCheckBox *selected;
        QComboBox *vhost;
    };

    void updateControls();

    QLineEdit *m_description;
    QList<Card> m_cards;
    QComboBox *m_revisionToDelete = nullptr;
    QLabel *m_hint;
    QDialogButtonBox *m_buttons;
    QPushButton *m_deploy;
    bool m_limitBlocks = false;
};

} // namespace sd::ui
