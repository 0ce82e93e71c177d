#pragma once

#include <QObject>
#include <QProcess>

namespace sd::app {

/// The sample `sse-server --time=5000 --interval=1000` started beside StreamDesk, so the tutorial works
/// with nothing else to install. Stopped with StreamDesk.
class SampleBackend final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SampleBackend)

public:
    explicit SampleBackend(QObject *parent = nullptr);
    ~SampleBackend() override;

    /// Starts it on 127.0.0.1:`port`; false with a reason when the executable is missing or the port is busy.
    bool start(quint16 port, QString *error);
    QString url() const { return m_url; }

private:
    QProcess m_process;
    QString m_url;
};

} // namespace sd::app
