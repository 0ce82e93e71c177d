#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;

namespace sd::gateway {
class EndpointProbe;
struct ProbeResult;
} // namespace sd::gateway

namespace sd::ui {

/// "Check endpoint" for an endpoint field: connects to the URL as the gateway will, without blocking the
/// window, and says whether it answers with an event stream.
class EndpointCheck final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EndpointCheck)

public:
    /// `name` prefixes the objectNames: `<name>CheckButton`, `<name>CheckResult`.
    EndpointCheck(QLineEdit *field, const QString &name, const QString &fieldLabel,
                  QWidget *parent = nullptr);

    QString resultText() const;

private:
    void check();
    void show(const gateway::ProbeResult &result);

    QLineEdit *m_field;
    QPushButton *m_button;
    QLabel *m_result;
    gateway::EndpointProbe *m_probe;
};

} // namespace sd::ui
