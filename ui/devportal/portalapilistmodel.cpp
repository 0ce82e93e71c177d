#include "ui/devportal/portalapilistmodel.h"

#include "models/devportalservice.h"
#include "models/publisherservice.h"
#include "ui/common/apicolumns.h"

namespace sd::ui {

static_assert(int(PortalApiListModel::Name) == int(ApiColumns::Name) &&
                  int(PortalApiListModel::Version) == int(ApiColumns::Version) &&
                  int(PortalApiListModel::Context) == int(ApiColumns::Context) &&
                  int(PortalApiListModel::State) == int(ApiColumns::State) &&
                  int(PortalApiListModel::Plans) == int(ApiColumns::Count),
              "the catalog starts with the common API columns");

PortalApiListModel::PortalApiListModel(const models::DevPortalService *portal,
                                       const models::PublisherService *publisher, QObject *parent)
    : QAbstractTableModel(parent)
    , m_portal(portal)
    , m_apis(portal->visibleApis())
{
    connect(publisher, &models::PublisherService::apiChanged, this, &PortalApiListModel::onApiChanged);
    connect(publisher, &models::PublisherService::apiRemoved, this, &PortalApiListModel::onApiRemoved);
}

int PortalApiListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_apis.size());
}

int PortalApiListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PortalApiListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const auto &api = m_apis.at(index.row());
    if (role == ApiIdRole)
        return api.id;
    if (role == SearchTextRole)
        return QStringList{api.name, api.context, api.description}.join(u'\n');
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (index.column()) {
    case Plans:
        return api.plans.join(QStringLiteral(", "));
    case Description:
        // One line in the table; the whole text in the tooltip.
        return role == Qt::ToolTipRole ? api.description : api.description.simplified();
    default:
        return ApiColumns::text(api, index.column());
    }
}

QVariant PortalApiListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Plans:
        return tr("Business plans");
    case Description:
        return tr("Description");
    default:
        return ApiColumns::header(section);
    }
}

int PortalApiListModel::rowOf(const QString &apiId) const
{
    for (int i = 0; i < m_apis.size(); ++i) {
        if (m_apis.at(i).id == apiId)
            return i;
    }
    return -1;
}

QString PortalApiListModel::apiIdAt(int row) const
{
    return row >= 0 && row < m_apis.size() ? m_apis.at(row).id : QString();
}

void PortalApiListModel::onApiChanged(const QString &apiId)
{
    // A lifecycle change can bring an API into the portal or take it out.
    const auto api = m_portal->visibleApi(apiId);
    if (!api) {
        onApiRemoved(apiId);
        return;
    }
    const int row = rowOf(apiId);
    if (row < 0) {
        beginInsertRows({}, int(m_apis.size()), int(m_apis.size()));
        m_apis << *api;
        endInsertRows();
        return;
    }
    m_apis[row] = *api;
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void PortalApiListModel::onApiRemoved(const QString &apiId)
{
    const int row = rowOf(apiId);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_apis.removeAt(row);
    endRemoveRows();
}

} // namespace sd::ui
