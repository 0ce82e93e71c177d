#include "gateway/auth/keyfile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

namespace sd::gateway {

models::Result<QByteArray> KeyFile::read(const QString &path, const QString &what)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return models::storageError(
            QStringLiteral("Cannot read %1 file %2: %3").arg(what, path, file.errorString()));
    return file.readAll();
}

models::Status KeyFile::write(const QString &path, const QByteArray &data,
                              QFileDevice::Permissions permissions, const QString &what)
{
    const auto fail = [&](const QString &reason) {
        return models::storageError(QStringLiteral("Cannot write %1 file %2: %3").arg(what, path, reason));
    };
    const QString directory = QFileInfo(path).absolutePath();
    if (!QDir().mkpath(directory))
        return fail(QStringLiteral("cannot create directory %1").arg(directory));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return fail(file.errorString());
    // The temporary file is created with the default mode; restrict it before the secret goes in.
    if (!file.setPermissions(permissions)) {
        file.cancelWriting();
        return fail(QStringLiteral("cannot set file permissions"));
    }
    if (file.write(data) != data.size() || !file.commit())
        return fail(file.errorString());
    return models::Done{};
}

} // namespace sd::gateway
