#pragma once

#include "gateway/client/streamrequest.h"

#include <QWidget>

class QComboBox;
class QFormLayout;
class QHBoxLayout;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTableWidget;

namespace sd::ui {

/// The request half of a stream viewer: method, URL, headers, the POST body and Last-Event-ID. Fills and
/// reads a gateway::StreamRequest; it does not connect.
class StreamRequestEditor final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StreamRequestEditor)

public:
    explicit StreamRequestEditor(QWidget *parent = nullptr);

    void setRequest(const gateway::StreamRequest &request);
    /// The request as entered; header rows without a name are left out.
    gateway::StreamRequest request() const;
    /// Adds a widget at the end of the method/URL row (the viewer's Connect button).
    void addToUrlRow(QWidget *widget);
    /// Adds a widget under the Last-Event-ID field, with a buddy label when `label` is not empty.
    void addToOptions(QWidget *widget, const QString &label = {});
    QLineEdit *urlEdit() const { return m_url; }
    /// The last control of the editor in tab order.
    QWidget *lastInTabOrder() const;

Q_SIGNALS:
    /// Return pressed in the URL field.
    void submitted();
    void urlChanged(const QString &url);

private:
    void addHeader(const QString &name, const QString &value);
    void updateBodyVisibility();

    QComboBox *m_method;
    QLineEdit *m_url;
    QHBoxLayout *m_urlRow;
    QTableWidget *m_headers;
    QPushButton *m_addHeader;
    QPushButton *m_removeHeader;
    QLabel *m_bodyLabel;
    QPlainTextEdit *m_body;
    QLineEdit *m_lastEventId;
    QFormLayout *m_options;
    QString m_title;
};

} // namespace sd::ui
