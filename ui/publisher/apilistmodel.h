#pragma once

#include "models/api.h"

#include <QAbstractTableModel>

namespace sd::models {
class PublisherService;
}

namespace sd::ui {

/// Every API of the Publisher (name, version, context, state, deployed revision), kept current from the
/// service's signals, so changes made anywhere (REST included) appear at once.
class ApiListModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApiListModel)

public:
    enum Column { Name, Version, Context, State, DeployedRevision, ColumnCount };
    static constexpr int ApiIdRole = Qt::UserRole + 1;

    explicit ApiListModel(models::PublisherService *publisher, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /// The row of the API, or -1.
    int rowOf(const QString &apiId) const;
    QString apiIdAt(int row) const;

private:
    struct Row
    {
        models::Api api;
        QString deployed;
    };

    Row rowFor(const models::Api &api) const;
    void onApiChanged(const QString &apiId);
    void onApiRemoved(const QString &apiId);
    void onDeploymentsChanged(const QString &apiId);

    models::PublisherService *m_publisher;
    QList<Row> m_rows;
};

} // namespace sd::ui
