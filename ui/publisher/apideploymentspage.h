#pragma once

#include "models/publisherservice.h"
#include "ui/common/consolestatus.h"
#include "ui/publisher/deployrevisionrequest.h"

#include <QWidget>
#include <functional>

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QStandardItemModel;
class QTableView;

namespace sd::ui {

class DeployRevisionDialog;
class Session;

/// The API's revisions and where each is deployed (with its gateway URL); Deploy New Revision, and per
/// revision restore, delete, deploy and undeploy.
class ApiDeploymentsPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApiDeploymentsPage)

public:
    ApiDeploymentsPage(models::PublisherService *publisher, Session *session, const ConsoleStatus &status,
                       QWidget *parent = nullptr);

    void setApiId(const QString &apiId);
    /// Deletes (at the limit), creates and deploys a revision, one step per event-loop turn with progress;
    /// stops with a message at the first step that fails.
    void deployNewRevision(const DeployRevisionRequest &request);
    bool isBusy() const { return !m_steps.isEmpty(); }

private:
    struct Step
    {
        QString label;
        std::function<models::Status()> run;
    };

    void reload();
    void updateControls();
    void openDeployDialog();
    QString selectedRevisionId() const;
    void restoreSelected();
    void deleteSelected();
    void deploySelected();
    void undeploySelected();
    void runNextStep();
    void report(const models::Status &status, const QString &success);

    models::PublisherService *m_publisher;
    Session *m_session;
    ConsoleStatus m_status;
    QString m_apiId;
    QList<models::Revision> m_revisions;
    QList<models::Deployment> m_deployments;
    QList<Step> m_steps;
    int m_stepsTotal = 0;
    bool m_chainDeploys = false;
    QString m_chainRevisionId;
    QStandardItemModel *m_model;
    QTableView *m_table;
    QPushButton *m_deployNew;
    QPushButton *m_restore;
    QPushButton *m_delete;
    QComboBox *m_environment;
    QPushButton *m_deploy;
    QPushButton *m_undeploy;
    QLabel *m_summary;
    QProgressBar *m_progress;
    QLabel *m_progressLabel;
    QLabel *m_message;
};

} // namespace sd::ui
