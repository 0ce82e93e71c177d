#include "models/storeconnections.h"

#include <QSqlQuery>
#include <QThread>
#include <QUuid>
#include <atomic>

namespace sd::models {

namespace {

quint64 threadSerial()
{
    static std::atomic<quint64> next{0};
    thread_local const quint64 serial = ++next;
    return serial;
}

} // namespace

StoreConnections::StoreConnections(const QString &path)
    : m_path(path)
    , m_prefix(QStringLiteral("streamdesk-store-%1-").arg(QUuid::createUuid().toString(QUuid::Id128)))
{}

void StoreConnections::closeAll()
{
    QMutexLocker lock(&m_mutex);
    // Removing closes each connection; database() would refuse connections of other threads.
    for (const auto &name : std::as_const(m_names))
        QSqlDatabase::removeDatabase(name);
    m_names.clear();
}

QSqlDatabase StoreConnections::connection()
{
    const auto serial = threadSerial();
    QMutexLocker lock(&m_mutex);
    if (const auto it = m_names.constFind(serial); it != m_names.constEnd())
        return QSqlDatabase::database(*it, false);
    const QString name = m_prefix + QString::number(serial);
    auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
    db.setDatabaseName(m_path);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=10000"));
    if (db.open()) {
        // Per connection: WAL survives in the file, the rest must be set each time.
        QSqlQuery q(db);
        q.exec(QStringLiteral("PRAGMA foreign_keys = ON"));
        q.exec(QStringLiteral("PRAGMA synchronous = FULL"));
    }
    m_names.insert(serial, name);
    // The thread's end closes its connection (in that thread, which owns it), unless the store has gone
    // first.
    auto *thread = QThread::currentThread();
    QObject::connect(
        thread, &QThread::finished, thread,
        [connections = weak_from_this(), serial] {
            const auto alive = connections.lock();
            if (!alive)
                return;
            QMutexLocker finishedLock(&alive->m_mutex);
            if (const auto name = alive->m_names.take(serial); !name.isEmpty())
                QSqlDatabase::removeDatabase(name);
        },
        Qt::DirectConnection);
    return db;
}

} // namespace sd::models
