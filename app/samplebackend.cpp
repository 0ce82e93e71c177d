#include "app/samplebackend.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

namespace sd::app {

SampleBackend::SampleBackend(QObject *parent)
    : QObject(parent)
{
    m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
}

SampleBackend::~SampleBackend()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.terminate();
        if (!m_process.waitForFinished(2000))
            m_process.kill();
        m_process.waitForFinished(1000);
    }
}

bool SampleBackend::start(quint16 port, QString *error)
{
    const auto program = QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("sse-server"));
    if (!QFileInfo(program).isExecutable()) {
        *error = QStringLiteral("the sample backend %1 is missing").arg(program);
        return false;
    }
    m_process.start(program, {QStringLiteral("--time=5000"), QStringLiteral("--interval=1000"),
                              QStringLiteral("--port=%1").arg(port), QStringLiteral("--bind=127.0.0.1")});
    if (!m_process.waitForStarted(5000)) {
        *error = m_process.errorString();
        return false;
    }
    // The first line says where it listens, or it exits with the reason on stderr.
    while (!m_process.canReadLine()) {
        if (!m_process.waitForReadyRead(5000)) {
            *error = m_process.state() == QProcess::NotRunning
                         ? QStringLiteral("it exited (is port %1 already in use?)").arg(port)
                         : QStringLiteral("it did not start listening in time");
            return false;
        }
    }
    const auto line = QString::fromUtf8(m_process.readLine()).trimmed();
    m_url = line.section(u' ', -1);
    return true;
}

} // namespace sd::app
