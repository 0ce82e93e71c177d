#include "ui/devportal/applicationsubscriptionmodel.h"

#include "models/devportalservice.h"
#include "ui/common/backgroundtask.h"
#include "ui/common/session.h"
#include "ui/devportal/portalcontext.h"

#include <QLocale>
#include <utility>

namespace sd::ui {

ApplicationSubscriptionModel::ApplicationSubscriptionModel(const PortalContext &context, QObject *parent)
    : QAbstractTableModel(parent)
    , m_context(context)
{
    connect(m_context.portal, &models::DevPortalService::subscriptionChanged, this,
            &ApplicationSubscriptionModel::reload);
    connect(m_context.portal, &models::DevPortalService::subscriptionRemoved, this,
            &ApplicationSubscriptionModel::reload);
}

ApplicationSubscriptionModel::~ApplicationSubscriptionModel()
{
    m_usageTask.waitForFinished();
}

int ApplicationSubscriptionModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ApplicationSubscriptionModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString ApplicationSubscriptionModel::usageText(const Row &row) const
{
    if (!row.usage)
        return tr("Not known yet");
    const QLocale locale;
    const auto delivered = locale.toString(row.usage->delivered);
    if (row.usage->limit < 0)
        return tr("%1 / Unlimited").arg(delivered);
    return tr("%1 / %2").arg(delivered, locale.toString(row.usage->limit));
}

QVariant ApplicationSubscriptionModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const auto &row = m_rows.at(index.row());
    switch (role) {
    case SubscriptionIdRole:
        return row.subscription.id;
    case DeliveredRole:
        return row.usage ? QVariant(row.usage->delivered) : QVariant();
    case LimitRole:
        return row.usage ? QVariant(row.usage->limit) : QVariant();
    case Qt::ToolTipRole:
        if (index.column() == UsageColumn && row.usage) {
            return tr("Events delivered since %1 (the plan's window ends %2)")
                .arg(QLocale().toString(row.usage->windowStart.toLocalTime(), QLocale::ShortFormat),
                     QLocale().toString(row.usage->windowEnd.toLocalTime(), QLocale::ShortFormat));
        }
        return {};
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    switch (index.column()) {
    case ApiColumn:
        return row.api ? tr("%1 %2").arg(row.api->name, row.api->version)
                       : tr("An API no longer in the portal");
    case PlanColumn:
        return row.subscription.plan;
    case StatusColumn:
        return models::Subscription::statusName(row.subscription.status);
    case UsageColumn:
        return usageText(row);
    default:
        return {};
    }
}

QVariant ApplicationSubscriptionModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case ApiColumn:
        return tr("API");
    case PlanColumn:
        return tr("Business plan");
    case StatusColumn:
        return tr("Status");
    case UsageColumn:
        return tr("Today's usage (events)");
    default:
        return {};
    }
}

void ApplicationSubscriptionModel::setApplication(const QString &applicationId)
{
    m_applicationId = applicationId;
    reload();
}

void ApplicationSubscriptionModel::reload()
{
    QHash<QString, gateway::EventMeter::Usage> known;
    for (const auto &row : std::as_const(m_rows)) {
        if (row.usage)
            known.insert(row.subscription.id, *row.usage);
    }
    beginResetModel();
    m_rows.clear();
    if (!m_applicationId.isEmpty() && m_context.session->isSignedIn()) {
        for (const auto &sub : m_context.portal->subscriptions(m_context.session->user(), m_applicationId)) {
            Row row{sub, m_context.portal->visibleApi(sub.apiId), std::nullopt};
            if (const auto it = known.constFind(sub.id); it != known.cend() && it->plan == sub.plan)
                row.usage = *it;
            m_rows.append(row);
        }
    }
    endResetModel();
    refreshUsage();
}

void ApplicationSubscriptionModel::refreshUsage()
{
    if (m_rows.isEmpty())
        return;
    if (m_refreshing) {
        m_refreshAgain = true;
        return;
    }
    m_refreshing = true;
    QStringList ids;
    for (const auto &row : std::as_const(m_rows))
        ids << row.subscription.id;
    auto *meter = m_context.meter;
    m_usageTask = runInBackground([meter, ids] {
        QHash<QString, gateway::EventMeter::Usage> usage;
        for (const auto &id : ids) {
            if (const auto u = meter->usage(id))
                usage.insert(id, *u);
        }
        return usage;
    });
    m_usageTask.then(this, [this](const QHash<QString, gateway::EventMeter::Usage> &usage) {
        m_refreshing = false;
        for (int i = 0; i < m_rows.size(); ++i) {
            const auto it = usage.constFind(m_rows.at(i).subscription.id);
            if (it == usage.cend())
                continue;
            m_rows[i].usage = *it;
            Q_EMIT dataChanged(index(i, UsageColumn), index(i, UsageColumn));
        }
        Q_EMIT usageRefreshed();
        if (std::exchange(m_refreshAgain, false))
            refreshUsage();
    });
}

QList<models::Api> ApplicationSubscriptionModel::subscribedApis() const
{
    QList<models::Api> apis;
    for (const auto &row : m_rows) {
        if (row.api)
            apis << *row.api;
    }
    return apis;
}

} // namespace sd::ui
