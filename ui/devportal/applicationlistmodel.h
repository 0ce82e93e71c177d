#pragma once

#include "models/application.h"

#include <QAbstractTableModel>
#include <optional>

namespace sd::models {
class DevPortalService;
}

namespace sd::ui {

class Session;

/// The signed-in user's applications (name, per-token quota, token type, how many subscriptions), kept
/// in step with DevPortalService's change signals row by row, so a selection survives others' changes.
class ApplicationListModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApplicationListModel)

public:
    enum Column { NameColumn, QuotaColumn, TokenTypeColumn, SubscriptionsColumn, ColumnCount };
    static constexpr int ApplicationIdRole = Qt::UserRole + 1;

    ApplicationListModel(models::DevPortalService *portal, Session *session, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /// -1 when the application is not listed.
    int rowOf(const QString &applicationId) const;
    std::optional<models::Application> application(const QString &applicationId) const;
    void reload();

private:
    struct Row
    {
        models::Application application;
        int subscriptions = 0;
    };

    void applicationChanged(const QString &applicationId);
    void applicationRemoved(const QString &applicationId);
    void countSubscriptions();
    QHash<QString, int> subscriptionCounts() const;

    models::DevPortalService *m_portal;
    Session *m_session;
    QList<Row> m_rows;
};

} // namespace sd::ui
