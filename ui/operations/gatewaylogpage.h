#pragma once

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace sd::gateway {
class GatewayEvents;
}

namespace sd::ui {

class GatewayLogFilter;
class GatewayLogModel;

/// The gateway log: what the gateway reported (streams opened and closed, refused requests with their
/// status and code, backend failures), newest at the bottom, filtered by level and text; Copy puts the
/// selected rows on the clipboard as text, Clear empties the log.
class GatewayLogPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GatewayLogPage)

public:
    explicit GatewayLogPage(gateway::GatewayEvents *events, QWidget *parent = nullptr);

    GatewayLogModel *model() const { return m_model; }

private:
    void copySelection();
    void onRowsAboutToBeInserted();
    void onRowsInserted();
    void updateState();

    GatewayLogModel *m_model;
    GatewayLogFilter *m_filter;
    QComboBox *m_level;
    QLineEdit *m_text;
    QTableView *m_table;
    QPushButton *m_copy;
    QPushButton *m_clear;
    QLabel *m_count;
    bool m_followTail = true;
};

} // namespace sd::ui
