#pragma once

#include "ui/devportal/portalcontext.h"

#include <QTimer>
#include <QWidget>

class QPushButton;
class QTableView;

namespace sd::ui {

class ApplicationSubscriptionModel;
class MessageLabel;

/// An application's subscriptions with today's usage of each plan's quota as a bar, refreshed every two
/// seconds while the panel is visible, and Unsubscribe.
class ApplicationSubscriptionsPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApplicationSubscriptionsPanel)

public:
    explicit ApplicationSubscriptionsPanel(const PortalContext &context, QWidget *parent = nullptr);

    void setApplication(const QString &applicationId);
    ApplicationSubscriptionModel *model() const { return m_model; }

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void unsubscribe();
    void updateControls();

    PortalContext m_context;
    ApplicationSubscriptionModel *m_model;
    QTableView *m_table;
    QPushButton *m_unsubscribe;
    MessageLabel *m_message;
    QTimer m_usageTimer;
};

} // namespace sd::ui
