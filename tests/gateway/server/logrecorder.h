#pragma once

#include <QMutex>
#include <QStringList>
#include <QtGlobal>
#include <functional>

namespace sd::gateway::test {

/// Records the messages of one logging category while it exists, then passes every message on to the
/// handler it replaced. Gateway workers log from their own threads, so the lines sit behind a mutex and
/// are read as a copy. One recorder at a time: it installs itself as the process's message handler.
class LogRecorder final
{
    Q_DISABLE_COPY_MOVE(LogRecorder)

public:
    explicit LogRecorder(const char *category);
    ~LogRecorder();

    QStringList lines() const;
    int count(const std::function<bool(const QString &)> &matches) const;
    void clear();

private:
    static void handle(QtMsgType type, const QMessageLogContext &context, const QString &message);

    static LogRecorder *s_current;
    const char *m_category;
    QtMessageHandler m_previous;
    mutable QMutex m_mutex;
    QStringList m_lines;
};

} // namespace sd::gateway::test
