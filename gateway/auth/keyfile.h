#pragma once

#include "models/result.h"

#include <QByteArray>
#include <QFileDevice>
#include <QString>

namespace sd::gateway {

/// Reading and atomically writing the PEM files of gateway/auth.
class KeyFile final
{
public:
    static constexpr QFileDevice::Permissions ownerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
    static constexpr QFileDevice::Permissions publicReadable =
        ownerOnly | QFileDevice::ReadGroup | QFileDevice::ReadOther;

    /// The whole file; the error names `what` and the path.
    static models::Result<QByteArray> read(const QString &path, const QString &what);
    /// Writes through QSaveFile, creating the parent directory; `permissions` apply before any byte is
    /// written.
    static models::Status write(const QString &path, const QByteArray &data,
                                QFileDevice::Permissions permissions, const QString &what);
};

} // namespace sd::gateway
