#pragma once

#include "gateway/runtime/runtimeoptions.h"

#include <QStringList>
#include <optional>

namespace sd::app {

/// What the user asked for on the command line.
struct CommandLine
{
    enum class Action { Run, Exit };
    Action action = Action::Run;
    int exitCode = 0;
    bool headless = false;
    bool sampleBackend = true;
    quint16 sampleBackendPort = 8080;
    gateway::RuntimeOptions runtime;

    /// Parses argv; --help/--version and errors print their text and give Action::Exit.
    static CommandLine parse(const QStringList &arguments);
    /// True when argv asks for a mode that needs no display (checked before any QApplication exists).
    static bool wantsNoDisplay(int argc, char **argv);
};

} // namespace sd::app
