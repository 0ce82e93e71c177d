#include "ui/operations/gatewaylogfilter.h"

#include "ui/operations/gatewaylogmodel.h"

namespace sd::ui {

GatewayLogFilter::GatewayLogFilter(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setFilterKeyColumn(-1);
    setFilterCaseSensitivity(Qt::CaseInsensitive);
}

void GatewayLogFilter::setLevel(std::optional<gateway::GatewayEvent::Level> level)
{
    if (level == m_level)
        return;
    m_level = level;
    invalidateRowsFilter();
}

void GatewayLogFilter::setText(const QString &text)
{
    setFilterFixedString(text);
}

bool GatewayLogFilter::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_level) {
        const auto level = sourceModel()->index(sourceRow, 0, sourceParent).data(GatewayLogModel::LevelRole);
        if (level.toInt() != int(*m_level))
            return false;
    }
    return QSortFilterProxyModel::filterAcceptsRow(sourceRow, sourceParent);
}

} // namespace sd::ui
