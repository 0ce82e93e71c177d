#pragma once

#include "gateway/events/gatewayevent.h"

#include <QSortFilterProxyModel>
#include <optional>

namespace sd::ui {

/// Filters a GatewayLogModel by level (one level or all) and by text in any column.
class GatewayLogFilter final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GatewayLogFilter)

public:
    explicit GatewayLogFilter(QObject *parent = nullptr);

    /// No level: every level.
    void setLevel(std::optional<gateway::GatewayEvent::Level> level);
    void setText(const QString &text);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    std::optional<gateway::GatewayEvent::Level> m_level;
};

} // namespace sd::ui
