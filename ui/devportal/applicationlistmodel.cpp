#include "ui/devportal/applicationlistmodel.h"

#include "models/devportalservice.h"
#include "ui/common/session.h"

namespace sd::ui {

namespace {

bool nameLess(const models::Application &a, const models::Application &b)
{
    return a.name.compare(b.name, Qt::CaseInsensitive) < 0;
}

} // namespace

ApplicationListModel::ApplicationListModel(models::DevPortalService *portal, Session *session,
                                           QObject *parent)
    : QAbstractTableModel(parent)
    , m_portal(portal)
    , m_session(session)
{
    connect(m_portal, &models::DevPortalService::applicationChanged, this,
            &ApplicationListModel::applicationChanged);
    connect(m_portal, &models::DevPortalService::applicationRemoved, this,
            &ApplicationListModel::applicationRemoved);
    connect(m_portal, &models::DevPortalService::subscriptionChanged, this,
            &ApplicationListModel::countSubscriptions);
    connect(m_portal, &models::DevPortalService::subscriptionRemoved, this,
            &ApplicationListModel::countSubscriptions);
    connect(m_session, &Session::changed, this, &ApplicationListModel::reload);
    reload();
}

int ApplicationListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ApplicationListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ApplicationListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const auto &row = m_rows.at(index.row());
    if (role == ApplicationIdRole)
        return row.application.id;
    if (role == Qt::ToolTipRole && index.column() == NameColumn && !row.application.description.isEmpty())
        return row.application.description;
    if (role == Qt::TextAlignmentRole && index.column() == SubscriptionsColumn)
        return int(Qt::AlignCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case NameColumn:
        return row.application.name;
    case QuotaColumn:
        return row.application.quota;
    case TokenTypeColumn:
        return models::Application::tokenTypeName(row.application.tokenType);
    case SubscriptionsColumn:
        return row.subscriptions;
    default:
        return {};
    }
}

QVariant ApplicationListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn:
        return tr("Name");
    case QuotaColumn:
        return tr("Per-token quota");
    case TokenTypeColumn:
        return tr("Token type");
    case SubscriptionsColumn:
        return tr("Subscriptions");
    default:
        return {};
    }
}

int ApplicationListModel::rowOf(const QString &applicationId) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).application.id == applicationId)
            return i;
    }
    return -1;
}

std::optional<models::Application> ApplicationListModel::application(const QString &applicationId) const
{
    const int row = rowOf(applicationId);
    return row < 0 ? std::nullopt : std::optional(m_rows.at(row).application);
}

QHash<QString, int> ApplicationListModel::subscriptionCounts() const
{
    QHash<QString, int> counts;
    if (!m_session->isSignedIn())
        return counts;
    for (const auto &sub : m_portal->subscriptions(m_session->user()))
        ++counts[sub.applicationId];
    return counts;
}

void ApplicationListModel::reload()
{
    beginResetModel();
    m_rows.clear();
    if (m_session->isSignedIn()) {
        auto apps = m_portal->applications(m_session->user());
        std::sort(apps.begin(), apps.end(), nameLess);
        const auto counts = subscriptionCounts();
        for (const auto &app : std::as_const(apps))
            m_rows.append({app, counts.value(app.id)});
    }
    endResetModel();
}

void ApplicationListModel::applicationChanged(const QString &applicationId)
{
    if (!m_session->isSignedIn())
        return;
    const auto app = m_portal->application(m_session->user(), applicationId);
    if (!app) {
        applicationRemoved(applicationId);
        return;
    }
    const int row = rowOf(applicationId);
    if (row >= 0) {
        m_rows[row].application = app.value();
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
        return;
    }
    const auto at = std::find_if(m_rows.cbegin(), m_rows.cend(),
                                 [&](const Row &r) { return nameLess(app.value(), r.application); });
    const int position = int(at - m_rows.cbegin());
    beginInsertRows({}, position, position);
    m_rows.insert(position, {app.value(), subscriptionCounts().value(applicationId)});
    endInsertRows();
}

void ApplicationListModel::applicationRemoved(const QString &applicationId)
{
    const int row = rowOf(applicationId);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_rows.removeAt(row);
    endRemoveRows();
}

void ApplicationListModel::countSubscriptions()
{
    const auto counts = subscriptionCounts();
    for (int i = 0; i < m_rows.size(); ++i) {
        const int count = counts.value(m_rows.at(i).application.id);
        if (count != m_rows.at(i).subscriptions) {
            m_rows[i].subscriptions = count;
            Q_EMIT dataChanged(index(i, SubscriptionsColumn), index(i, SubscriptionsColumn));
        }
    }
}

} // namespace sd::ui
