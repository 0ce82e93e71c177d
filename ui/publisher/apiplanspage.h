#pragma once

#include "models/publisherservice.h"
#include "ui/common/consolestatus.h"

#include <QWidget>

class QGroupBox;
class QLabel;
class QListWidget;
class QPushButton;
class QStandardItemModel;
class QTableView;

namespace sd::models {
class DevPortalService;
}

namespace sd::ui {

class Session;

/// The API's business plans (a check list saved with Save) and, for publishers, its subscriptions with
/// Block All / Block Production Only / Unblock.
class ApiPlansPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApiPlansPage)

public:
    ApiPlansPage(models::PublisherService *publisher, Session *session, const ConsoleStatus &status,
                 QWidget *parent = nullptr);

    void setApiId(const QString &apiId);
    bool hasUnsavedChanges() const;
    /// Called before the page is left: with unsaved plans, asks Save / Discard / Cancel. False: stay.
    bool maybeLeave();
    /// Subscribing happens in the developer portal: the table follows `portal`'s subscription and
    /// application changes too (PublisherService's own changes are followed already).
    void followPortal(const models::DevPortalService *portal);
    void reloadSubscriptions();

private:
    QStringList checkedPlans() const;
    void reloadPlans();
    void updateControls();
    bool savePlans();
    void setSelectedStatus(models::SubscriptionStatus status);

    models::PublisherService *m_publisher;
    Session *m_session;
    QString m_apiId;
    QStringList m_savedPlans;
    QListWidget *m_plans;
    QPushButton *m_save;
    QPushButton *m_cancel;
    QLabel *m_plansMessage;
    QGroupBox *m_subscriptionsBox;
    QStandardItemModel *m_subscriptions;
    QTableView *m_subscriptionsTable;
    QPushButton *m_blockAll;
    QPushButton *m_blockProduction;
    QPushButton *m_unblock;
    QLabel *m_noSubscriptions;
    QLabel *m_subscriptionsMessage;
};

} // namespace sd::ui
