#pragma once

#include <QByteArray>
#include <QString>

namespace sd::gateway::test {

/// Permission bits of a file, or -1 when it cannot be read.
int fileMode(const QString &path);
/// A file's bytes, empty when it cannot be read.
QByteArray readAll(const QString &path);

} // namespace sd::gateway::test
