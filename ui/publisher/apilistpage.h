#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QStackedWidget;
class QTableView;

namespace sd::models {
class PublisherService;
}

namespace sd::ui {

class ApiListModel;
class Session;

/// The Publisher's start page: the searchable list of APIs, CREATE for creators, and an empty state that
/// invites creating the first API.
class ApiListPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApiListPage)

public:
    ApiListPage(models::PublisherService *publisher, Session *session, QWidget *parent = nullptr);

    ApiListModel *model() const { return m_model; }

Q_SIGNALS:
    void createRequested();
    void openRequested(const QString &apiId);

private:
    void updateView();
    void openIndex(const QModelIndex &proxyIndex);

    Session *m_session;
    ApiListModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QLineEdit *m_search;
    QPushButton *m_create;
    QStackedWidget *m_stack;
    QTableView *m_table;
    QWidget *m_empty;
    QLabel *m_emptyText;
    QPushButton *m_createFirst;
    QLabel *m_noMatch;
};

} // namespace sd::ui
