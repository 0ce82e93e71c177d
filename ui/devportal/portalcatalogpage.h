#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QStackedWidget;
class QTableView;

namespace sd::models {
class DevPortalService;
class PublisherService;
} // namespace sd::models

namespace sd::ui {

class MessageLabel;
class PortalApiListModel;
class Session;

/// The Developer Portal's start page: the APIs subscribers can use, searchable by name, context and
/// description, and an empty state that says how an API gets here.
class PortalCatalogPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PortalCatalogPage)

public:
    PortalCatalogPage(const models::DevPortalService *portal, const models::PublisherService *publisher,
                      Session *session, QWidget *parent = nullptr);

    PortalApiListModel *model() const { return m_model; }
    /// Puts the keyboard focus on the list (or the empty state).
    void focusList();
    /// A line above the list until the next API is opened (an empty text hides it).
    void showNotice(const QString &text);

Q_SIGNALS:
    void openRequested(const QString &apiId);

private:
    void updateView();
    void openCurrent();

    Session *m_session;
    PortalApiListModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QLineEdit *m_search;
    QPushButton *m_open;
    QLabel *m_roleNote;
    MessageLabel *m_notice;
    QLabel *m_noMatch;
    QStackedWidget *m_stack;
    QTableView *m_table;
    QLabel *m_empty;
};

} // namespace sd::ui
