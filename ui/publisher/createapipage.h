#pragma once

#include "models/api.h"

#include <QSet>
#include <QWidget>

class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;

namespace sd::gateway {
class EndpointProbe;
struct ProbeResult;
} // namespace sd::gateway

namespace sd::models {
class PublisherService;
}

namespace sd::ui {

class MessageLabel;
class Session;

/// "Create an SSE API": name, context, version and endpoint, checked as they are typed (by the models'
/// Validator), then Create, or Create & Publish, which also creates, deploys and publishes a revision.
class CreateApiPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CreateApiPage)

public:
    CreateApiPage(models::PublisherService *publisher, Session *session, QWidget *parent = nullptr);

    /// Empties the form for a new API.
    void reset();
    bool isBusy() const { return m_step != Step::Idle; }

Q_SIGNALS:
    void cancelled();
    /// The API exists (even when a later Create & Publish step failed): open its page.
    void apiCreated(const QString &apiId);
    /// The step now running, as shown: "Creating API...", "Creating Revision...", ...
    void progressChanged(const QString &text);

private:
    enum class Step { Idle, Create, Revision, Deploy, Publish };

    models::ApiDraft draft() const;
    void validate();
    void start(bool publish);
    void runStep();
    void fail(const QString &what, const QString &message);
    void checkEndpoint();
    void showProbeResult(const gateway::ProbeResult &result);

    models::PublisherService *m_publisher;
    Session *m_session;
    gateway::EndpointProbe *m_probe;
    QLineEdit *m_name;
    QLineEdit *m_context;
    QLineEdit *m_version;
    QLineEdit *m_protocol;
    QLineEdit *m_endpoint;
    MessageLabel *m_nameError;
    MessageLabel *m_contextError;
    MessageLabel *m_contextHint;
    MessageLabel *m_versionError;
    MessageLabel *m_endpointError;
    QPushButton *m_checkEndpoint;
    MessageLabel *m_probeResult;
    QPushButton *m_create;
    QPushButton *m_createAndPublish;
    QPushButton *m_cancel;
    QProgressBar *m_progressBar;
    MessageLabel *m_progress;
    MessageLabel *m_error;
    QSet<QLineEdit *> m_touched;
    Step m_step = Step::Idle;
    bool m_publish = false;
    QString m_apiId;
    QString m_revisionId;
};

} // namespace sd::ui
