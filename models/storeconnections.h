#pragma once

#include <QHash>
#include <QMutex>
#include <QSqlDatabase>
#include <memory>

namespace sd::models {

/// The store's connections, one per thread, named by the thread's serial number: thread ids are reused
/// once a thread ends, and Qt refuses a connection made by a thread that has gone. A thread's end closes
/// its own connection (a descriptor each, and pool threads come and go); the store's end closes the rest.
class StoreConnections final : public std::enable_shared_from_this<StoreConnections>
{
    Q_DISABLE_COPY_MOVE(StoreConnections)

public:
    explicit StoreConnections(const QString &path);

    /// The calling thread's connection, opened on first use with the pragmas each connection needs.
    QSqlDatabase connection();
    /// Closes every thread's connection.
    void closeAll();

private:
    const QString m_path;
    const QString m_prefix;
    QMutex m_mutex;
    QHash<quint64, QString> m_names;
};

} // namespace sd::models
