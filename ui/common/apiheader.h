#pragma once

#include <QWidget>

class QLabel;
class QPushButton;

namespace sd::models {
struct Api;
}

namespace sd::ui {

/// The line over an API's tabs, in the Publisher and in the Developer Portal: a back button (Alt+Left
/// too), the API's name and version, and its lifecycle state.
class ApiHeader final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApiHeader)

public:
    /// The labels are named `<names>Title` and `<names>State` for tests.
    ApiHeader(const QString &backText, const QString &backObjectName, const QString &backAccessibleName,
              const QString &names, QWidget *parent = nullptr);

    QPushButton *backButton() const { return m_back; }
    void setApi(const models::Api &api);

private:
    QPushButton *m_back;
    QLabel *m_title;
    QLabel *m_state;
};

} // namespace sd::ui
