#pragma once

#include "models/api.h"
#include "models/application.h"
#include "models/result.h"

namespace sd::models {

/// Input rules for everything a user types; each failure names the field and says what is expected.
class Validator final
{
public:
    /// At most 50 characters, no special characters (the Publisher's create page).
    static Status apiName(const QString &name);
    static Status context(const QString &context);
    static Status version(const QString &version);
    /// `field` names the endpoint in the message (production or sandbox).
    static Status endpoint(const QString &field, const QString &url, bool required);
    /// All field rules of a draft (uniqueness and plan existence are the store's and service's).
    static Status apiDraft(const ApiDraft &draft);
    /// A Conflict unless no API in `apis` other than `exceptId` uses `context` and `version`.
    static Status contextVersionAvailable(const QList<Api> &apis, const QString &context,
                                          const QString &version, const QString &exceptId = {});
    static Status applicationName(const QString &name);
    static Status userName(const QString &name);
    static Status password(const QString &password);
    /// The repeated new password must match the first.
    static Status passwordConfirmation(const QString &password, const QString &confirmation);
    static QStringList reservedContextPrefixes();
};

} // namespace sd::models
