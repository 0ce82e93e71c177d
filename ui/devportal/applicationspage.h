#pragma once

#include "gateway/client/streamrequest.h"
#include "ui/devportal/portalcontext.h"

#include <QWidget>

class QPushButton;
class QTabWidget;
class QTableView;

namespace sd::ui {

class ApplicationListModel;
class ApplicationSubscriptionsPanel;
class KeySetPanel;
class MessageLabel;

/// The signed-in user's applications: create, edit and delete them; per key type their keys, secret
/// and tokens; their subscriptions with today's usage. Secrets live in the keychain (PortalContext's
/// SecretStore); a banner says when they are kept for this session only.
class ApplicationsPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApplicationsPage)

public:
    explicit ApplicationsPage(const PortalContext &context, QWidget *parent = nullptr);

    /// Selects the application (for "Manage App" elsewhere in the console).
    void showApplication(const QString &applicationId);
    QString currentApplicationId() const;

Q_SIGNALS:
    void openStreamRequested(const sd::gateway::StreamRequest &request);

private:
    void createApplication();
    void editApplication();
    void deleteApplication();
    void currentChanged();
    void updateSubscribedApis();
    void showKeychainBanner(const QString &reason);

    PortalContext m_context;
    MessageLabel *m_keychainBanner;
    ApplicationListModel *m_model;
    QTableView *m_table;
    QPushButton *m_new;
    QPushButton *m_edit;
    QPushButton *m_delete;
    MessageLabel *m_message;
    QTabWidget *m_details;
    KeySetPanel *m_production;
    KeySetPanel *m_sandbox;
    ApplicationSubscriptionsPanel *m_subscriptions;
    QString m_currentId;
};

} // namespace sd::ui
