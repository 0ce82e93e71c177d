#pragma once

#include <QProcess>
#include <QStringList>

namespace sd::tools {

/// Runs the built sse-server for a test and reads the port it announces on stdout.
class SseServerProcess final
{
    Q_DISABLE_COPY_MOVE(SseServerProcess)

public:
    SseServerProcess() = default;
    ~SseServerProcess();

    /// Starts with --port=0 and the given arguments; false (see error()) unless it announced its port.
    bool start(const QStringList &arguments);
    quint16 port() const { return m_port; }
    QProcess &process() { return m_process; }
    QString error() const { return m_error; }

private:
    QProcess m_process;
    quint16 m_port = 0;
    QString m_error;
};

} // namespace sd::tools
