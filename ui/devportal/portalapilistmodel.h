#pragma once

#include "models/api.h"

#include <QAbstractTableModel>

namespace sd::models {
class DevPortalService;
class PublisherService;
} // namespace sd::models

namespace sd::ui {

/// The APIs the Developer Portal shows (published, prototyped, deprecated), kept current from the
/// Publisher's signals: an API published anywhere (console or REST) appears at once, a retired one goes.
class PortalApiListModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PortalApiListModel)

public:
    enum Column { Name, Version, Context, State, Plans, Description, ColumnCount };
    static constexpr int ApiIdRole = Qt::UserRole + 1;
    /// Name, context and description in one string, for the catalog's search.
    static constexpr int SearchTextRole = Qt::UserRole + 2;

    PortalApiListModel(const models::DevPortalService *portal, const models::PublisherService *publisher,
                       QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /// The row of the API, or -1.
    int rowOf(const QString &apiId) const;
    QString apiIdAt(int row) const;

private:
    void onApiChanged(const QString &apiId);
    void onApiRemoved(const QString &apiId);

    const models::DevPortalService *m_portal;
    QList<models::Api> m_apis;
};

} // namespace sd::ui
