#include "ui/common/serviceerrortext.h"

#include <QCoreApplication>

namespace sd::ui {

QString ServiceErrorText::describe(const models::Error &error)
{
    using Kind = models::Error::Kind;
    const auto tr = [](const char *text) { return QCoreApplication::translate("ServiceErrorText", text); };
    switch (error.kind) {
    case Kind::Validation:
        return error.message + u' ' + tr("Correct it and try again.");
    case Kind::Conflict:
        return error.message + u' ' + tr("The page shows the current state; check it and try again.");
    case Kind::NotFound:
        return error.message + u' ' + tr("It may have been deleted meanwhile; reopen it from the API list.");
    case Kind::Forbidden:
        return error.message + u' ' + tr("Sign in as a user with that role, or ask an administrator.");
    case Kind::Unauthorized:
        return error.message + u' ' + tr("Sign in again.");
    case Kind::Storage:
        return tr("StreamDesk could not save the change (%1). Check that the data folder is writable and "
                  "the disk is not full, then try again.")
            .arg(error.message);
    }
    return error.message;
}

} // namespace sd::ui
