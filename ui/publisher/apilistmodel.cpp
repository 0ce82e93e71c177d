#include "ui/publisher/apilistmodel.h"

#include "models/publisherservice.h"
#include "ui/common/apicolumns.h"

namespace sd::ui {

static_assert(int(ApiListModel::Name) == int(ApiColumns::Name) &&
                  int(ApiListModel::Version) == int(ApiColumns::Version) &&
                  int(ApiListModel::Context) == int(ApiColumns::Context) &&
                  int(ApiListModel::State) == int(ApiColumns::State) &&
                  int(ApiListModel::DeployedRevision) == int(ApiColumns::Count),
              "the list starts with the common API columns");

ApiListModel::ApiListModel(models::PublisherService *publisher, QObject *parent)
    : QAbstractTableModel(parent)
    , m_publisher(publisher)
{
    for (const auto &api : m_publisher->apis())
        m_rows << rowFor(api);
    connect(m_publisher, &models::PublisherService::apiChanged, this, &ApiListModel::onApiChanged);
    connect(m_publisher, &models::PublisherService::apiRemoved, this, &ApiListModel::onApiRemoved);
    connect(m_publisher, &models::PublisherService::deploymentsChanged, this,
            &ApiListModel::onDeploymentsChanged);
    connect(m_publisher, &models::PublisherService::revisionsChanged, this,
            &ApiListModel::onDeploymentsChanged);
}

int ApiListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ApiListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ApiListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const auto &row = m_rows.at(index.row());
    if (role == ApiIdRole)
        return row.api.id;
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    if (index.column() == DeployedRevision)
        return row.deployed.isEmpty() ? tr("Not deployed") : row.deployed;
    return ApiColumns::text(row.api, index.column());
}

QVariant ApiListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    return section == DeployedRevision ? tr("Deployed revision") : ApiColumns::header(section);
}

int ApiListModel::rowOf(const QString &apiId) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).api.id == apiId)
            return i;
    }
    return -1;
}

QString ApiListModel::apiIdAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).api.id : QString();
}

ApiListModel::Row ApiListModel::rowFor(const models::Api &api) const
{
    QStringList deployed;
    const auto revisions = m_publisher->revisions(api.id);
    for (const auto &deployment : m_publisher->deployments(api.id)) {
        for (const auto &revision : revisions) {
            if (revision.id == deployment.revisionId && !deployed.contains(revision.displayName()))
                deployed << revision.displayName();
        }
    }
    return {api, deployed.join(QStringLiteral(", "))};
}

void ApiListModel::onApiChanged(const QString &apiId)
{
    const auto api = m_publisher->api(apiId);
    if (!api) {
        onApiRemoved(apiId);
        return;
    }
    const int row = rowOf(apiId);
    if (row < 0) {
        beginInsertRows({}, int(m_rows.size()), int(m_rows.size()));
        m_rows << rowFor(*api);
        endInsertRows();
        return;
    }
    m_rows[row] = rowFor(*api);
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void ApiListModel::onApiRemoved(const QString &apiId)
{
    const int row = rowOf(apiId);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_rows.removeAt(row);
    endRemoveRows();
}

void ApiListModel::onDeploymentsChanged(const QString &apiId)
{
    const int row = rowOf(apiId);
    if (row < 0)
        return;
    const auto deployed = rowFor(m_rows.at(row).api).deployed;
    if (deployed == m_rows.at(row).deployed)
        return;
    m_rows[row].deployed = deployed;
    Q_EMIT dataChanged(index(row, DeployedRevision), index(row, DeployedRevision));
}

} // namespace sd::ui
