#include "tests/gateway/server/logrecorder.h"

#include <algorithm>

namespace sd::gateway::test {

LogRecorder *LogRecorder::s_current = nullptr;

LogRecorder::LogRecorder(const char *category)
    : m_category(category)
{
    Q_ASSERT(!s_current);
    s_current = this;
    m_previous = qInstallMessageHandler(&LogRecorder::handle);
}

LogRecorder::~LogRecorder()
{
    qInstallMessageHandler(m_previous);
    s_current = nullptr;
}

QStringList LogRecorder::lines() const
{
    const QMutexLocker lock(&m_mutex);
    return m_lines;
}

int LogRecorder::count(const std::function<bool(const QString &)> &matches) const
{
    const auto copy = lines();
    return int(std::count_if(copy.cbegin(), copy.cend(), matches));
}

void LogRecorder::clear()
{
    const QMutexLocker lock(&m_mutex);
    m_lines.clear();
}

void LogRecorder::handle(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    auto *self = s_current;
    if (context.category && qstrcmp(context.category, self->m_category) == 0) {
        const QMutexLocker lock(&self->m_mutex);
        self->m_lines.append(message);
    }
    self->m_previous(type, context, message);
}

} // namespace sd::gateway::test
