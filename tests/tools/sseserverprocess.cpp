#include "tests/tools/sseserverprocess.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace sd::tools {

namespace {
constexpr int startTimeoutMs = 10000;
}

SseServerProcess::~SseServerProcess()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished();
    }
}

bool SseServerProcess::start(const QStringList &arguments)
{
    m_process.start(QStringLiteral(SSE_SERVER_PATH), QStringList{u"--port=0"_s} + arguments);
    if (!m_process.waitForStarted(startTimeoutMs)) {
        m_error = m_process.errorString();
        return false;
    }
    while (!m_process.canReadLine()) {
        if (!m_process.waitForReadyRead(startTimeoutMs)) {
            m_error = u"no listening line; stderr: "_s + QString::fromUtf8(m_process.readAllStandardError());
            return false;
        }
    }
    const QString line = QString::fromUtf8(m_process.readLine());
    static const QRegularExpression announce(
        u"^sse-server listening on http://127\\.0\\.0\\.1:(\\d+)/memory\\n$"_s);
    const QRegularExpressionMatch match = announce.match(line);
    if (!match.hasMatch()) {
        m_error = u"unexpected first line: "_s + line;
        return false;
    }
    m_port = match.captured(1).toUShort();
    return m_port != 0;
}

} // namespace sd::tools
