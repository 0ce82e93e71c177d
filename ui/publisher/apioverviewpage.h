#pragma once

#include "ui/common/consolestatus.h"

#include <QWidget>

class QFormLayout;
class QLabel;
class QPushButton;

namespace sd::models {
class PublisherService;
}

namespace sd::ui {

class Session;

/// An API at a glance: the Develop -> Deploy -> Publish stepper with links to the tabs that complete each
/// step, its metadata, its gateway URLs and a ready curl command.
class ApiOverviewPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApiOverviewPage)

public:
    ApiOverviewPage(models::PublisherService *publisher, Session *session, const ConsoleStatus &status,
                    QWidget *parent = nullptr);

    void setApiId(const QString &apiId);
    QString curlCommand() const;

Q_SIGNALS:
    /// A step's link: "endpoints", "plans", "deployments" or "lifecycle".
    void tabRequested(const QString &tab);

private:
    struct Step
    {
        QLabel *mark;
        QPushButton *link;
    };

    Step addStep(QFormLayout *form, const QString &objectName, const QString &title, const QString &tab);
    void setStep(const Step &step, bool done, const QString &doneText, const QString &todoText);
    void reload();

    models::PublisherService *m_publisher;
    ConsoleStatus m_status;
    QString m_apiId;
    Step m_endpoint;
    Step m_plan;
    Step m_deploy;
    Step m_publish;
    QLabel *m_metadata;
    QLabel *m_httpUrl;
    QLabel *m_httpsUrl;
    QLabel *m_curl;
    QPushButton *m_copyCurl;
    QLabel *m_copied;
};

} // namespace sd::ui
