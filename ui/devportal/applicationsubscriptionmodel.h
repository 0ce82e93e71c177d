#pragma once

#include "gateway/metering/eventmeter.h"
#include "models/api.h"
#include "models/subscription.h"
#include "ui/devportal/portalcontext.h"

#include <QAbstractTableModel>
#include <QFuture>
#include <optional>

namespace sd::ui {

/// One application's subscriptions: API, business plan, status and today's use of the plan's quota.
/// The usage is read off the GUI thread (refreshUsage()); a refresh still running makes the next one wait.
class ApplicationSubscriptionModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApplicationSubscriptionModel)

public:
    enum Column { ApiColumn, PlanColumn, StatusColumn, UsageColumn, ColumnCount };
    static constexpr int SubscriptionIdRole = Qt::UserRole + 1;
    /// Events delivered in the plan's current window (qint64), and its limit (-1: unlimited).
    static constexpr int DeliveredRole = Qt::UserRole + 2;
    static constexpr int LimitRole = Qt::UserRole + 3;

    ApplicationSubscriptionModel(const PortalContext &context, QObject *parent = nullptr);
    /// Waits for a usage read still running: it uses the meter, which may go next.
    ~ApplicationSubscriptionModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setApplication(const QString &applicationId);
    void reload();
    void refreshUsage();
    /// The APIs of the subscriptions that the portal still shows, in the table's order.
    QList<models::Api> subscribedApis() const;

Q_SIGNALS:
    /// Usage values arrived from a refresh.
    void usageRefreshed();

private:
    struct Row
    {
        models::Subscription subscription;
        std::optional<models::Api> api;
        std::optional<gateway::EventMeter::Usage> usage;
    };

    QString usageText(const Row &row) const;

    PortalContext m_context;
    QString m_applicationId;
    QList<Row> m_rows;
    QFuture<QHash<QString, gateway::EventMeter::Usage>> m_usageTask;
    bool m_refreshing = false;
    bool m_refreshAgain = false;
};

} // namespace sd::ui
