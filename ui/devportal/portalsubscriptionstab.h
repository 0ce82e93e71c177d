#pragma once

#include "models/api.h"
#include "ui/devportal/portalcontext.h"

#include <QWidget>

class QComboBox;
class QGroupBox;
class QLabel;
class QPushButton;
class QStandardItemModel;
class QTableView;

namespace sd::models {
class PublisherService;
}

namespace sd::ui {

class MessageLabel;

/// An API's Subscriptions in the Developer Portal: the Subscription & Key Generation Wizard, a Subscribe box
/// (one of the user's applications not yet subscribed, and a business plan) and the table of this API's
/// subscriptions of the user's applications, with their keys, the application and Unsubscribe.
class PortalSubscriptionsTab final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PortalSubscriptionsTab)

public:
    static constexpr int SubscriptionIdRole = Qt::UserRole + 1;
    static constexpr int ApplicationIdRole = Qt::UserRole + 2;

    PortalSubscriptionsTab(const PortalContext &context, const models::PublisherService *publisher,
                           QWidget *parent = nullptr);

    void setApi(const models::Api &api);
    /// Reads the applications and subscriptions again (after the wizard, for one).
    void reload();

Q_SIGNALS:
    void manageApplicationRequested(const QString &applicationId);
    void subscriptionWizardRequested(const QString &apiId);

private:
    void reloadSubscribeBox();
    void reloadTable();
    void subscribe();
    void unsubscribe();
    void updateButtons();
    QString selectedApplicationId() const;

    PortalContext m_context;
    const models::PublisherService *m_publisher;
    models::Api m_api;
    QPushButton *m_wizard;
    QLabel *m_wizardNote;
    QGroupBox *m_subscribeBox;
    QComboBox *m_application;
    QComboBox *m_plan;
    QPushButton *m_subscribe;
    MessageLabel *m_subscribeNote;
    QStandardItemModel *m_subscriptions;
    QTableView *m_table;
    QLabel *m_noSubscriptions;
    QPushButton *m_prodKeys;
    QPushButton *m_sandboxKeys;
    QPushButton *m_manageApp;
    QPushButton *m_unsubscribe;
    MessageLabel *m_message;
};

} // namespace sd::ui
