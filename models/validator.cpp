#include "models/validator.h"

#include <QRegularExpression>
#include <QUrl>

namespace sd::models {

namespace {

Status fail(const QString &field, const QString &message)
{
    return validationError(field, message);
}

} // namespace

QStringList Validator::reservedContextPrefixes()
{
    // These paths belong to StreamDesk's own endpoints on the shared ports.
    return {QStringLiteral("/api"), QStringLiteral("/oauth2"), QStringLiteral("/.well-known"),
            QStringLiteral("/health"), QStringLiteral("/management")};
}

Status Validator::apiName(const QString &name)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9 ._-]*$"));
    if (name.trimmed().isEmpty())
        return fail(QStringLiteral("name"), QStringLiteral("The API name is required."));
    if (name.size() > 50)
        return fail(QStringLiteral("name"), QStringLiteral("The API name must be at most 50 characters."));
    if (name != name.trimmed() || !re.match(name).hasMatch())
        return fail(QStringLiteral("name"),
                    QStringLiteral("The API name may contain letters, digits, spaces, '.', '_' and '-', "
                                   "and must start with a letter or digit."));
    return Done{};
}

Status Validator::context(const QString &context)
{
    static const QRegularExpression segment(QStringLiteral("^[a-z0-9][a-z0-9._~-]*$"));
    const auto field = QStringLiteral("context");
    if (context.isEmpty())
        return fail(field, QStringLiteral("The context is required."));
    if (!context.startsWith(u'/'))
        return fail(field, QStringLiteral("The context must start with '/'."));
    if (context.size() > 200)
        return fail(field, QStringLiteral("The context must be at most 200 characters."));
    if (context.size() == 1)
        return fail(field, QStringLiteral("The context needs at least one path segment after '/'."));
    const auto segments = QStringView(context).mid(1).split(u'/');
    for (const auto &s : segments) {
        if (s.isEmpty())
            return fail(field,
                        QStringLiteral("The context must not contain empty segments or end with '/'."));
        if (s == u".." || s == u".")
            return fail(field, QStringLiteral("The context must not contain '.' or '..' segments."));
        if (!segment.match(s).hasMatch())
            return fail(field, QStringLiteral("Context segments may contain only lower-case letters, digits, "
                                              "'.', '_', '~' and '-', and start with a letter or digit."));
    }
    for (const auto &reserved : reservedContextPrefixes()) {
        if (context == reserved || context.startsWith(reserved + u'/'))
            return fail(field, QStringLiteral("The context '%1' is reserved.").arg(reserved));
    }
    return Done{};
}

Status Validator::version(const QString &version)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]*$"));
    if (version.isEmpty())
        return fail(QStringLiteral("version"), QStringLiteral("The version is required."));
    if (version.size() > 30)
        return fail(QStringLiteral("version"), QStringLiteral("The version must be at most 30 characters."));
    if (!re.match(version).hasMatch() || version.contains(QStringLiteral("..")))
        return fail(
            QStringLiteral("version"),
            QStringLiteral("The version may contain letters, digits, '.', '_' and '-' (for example 1.0.0)."));
    return Done{};
}

Status Validator::endpoint(const QString &field, const QString &url, bool required)
{
    if (url.isEmpty()) {
        if (required)
            return fail(field, QStringLiteral("The endpoint URL is required."));
        return Done{};
    }
    const QUrl parsed(url, QUrl::StrictMode);
    const auto scheme = parsed.scheme();
    if (!parsed.isValid() || (scheme != u"http" && scheme != u"https"))
        return fail(field, QStringLiteral("The endpoint must be an absolute http:// or https:// URL."));
    if (parsed.host().isEmpty())
        return fail(field, QStringLiteral("The endpoint URL must name a host."));
    if (!parsed.userInfo().isEmpty())
        return fail(field, QStringLiteral("The endpoint URL must not carry credentials."));
    if (parsed.hasQuery() || parsed.hasFragment())
        return fail(field, QStringLiteral("The endpoint URL must not have a query or fragment."));
    return Done{};
}

Status Validator::apiDraft(const ApiDraft &draft)
{
    for (const auto &status :
         {apiName(draft.name), context(draft.context), version(draft.version),
          endpoint(QStringLiteral("productionEndpoint"), draft.productionEndpoint, false),
          endpoint(QStringLiteral("sandboxEndpoint"), draft.sandboxEndpoint, false)}) {
        if (!status)
            return status;
    }
    if (draft.topics.isEmpty())
        return fail(QStringLiteral("operations"), QStringLiteral("An SSE API needs at least one topic."));
    for (const auto &topic : draft.topics) {
        if (topic.verb != u"SUBSCRIBE")
            return fail(QStringLiteral("operations"),
                        QStringLiteral("SSE topics support only the SUBSCRIBE verb."));
        if (!topic.target.startsWith(u'/'))
            return fail(QStringLiteral("operations"), QStringLiteral("A topic target must start with '/'."));
        if (draft.topics.count(topic) > 1)
            return fail(QStringLiteral("operations"),
                        QStringLiteral("The topic %1 is listed twice.").arg(topic.target));
    }
    return Done{};
}

Status Validator::contextVersionAvailable(const QList<Api> &apis, const QString &context,
                                          const QString &version, const QString &exceptId)
{
    for (const auto &api : apis) {
        if (api.id != exceptId && api.context == context && api.version == version)
            return conflictError(QStringLiteral("An API with context %1 and version %2 already exists.")
                                     .arg(context, version));
    }
    return Done{};
}

Status Validator::applicationName(const QString &name)
{
    if (name.trimmed().isEmpty())
        return fail(QStringLiteral("name"), QStringLiteral("The application name is required."));
    if (name.size() > 70)
        return fail(QStringLiteral("name"),
                    QStringLiteral("The application name must be at most 70 characters."));
    if (name != name.trimmed())
        return fail(QStringLiteral("name"),
                    QStringLiteral("The application name must not start or end with spaces."));
    for (const auto ch : name) {
        if (ch.category() == QChar::Other_Control)
            return fail(QStringLiteral("name"),
                        QStringLiteral("The application name must not contain control characters."));
    }
    return Done{};
}

Status Validator::userName(const QString &name)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$"));
    if (!re.match(name).hasMatch())
        return fail(QStringLiteral("name"),
                    QStringLiteral("A user name has 1 to 64 letters, digits, '.', '_', '@' "
                                   "or '-', starting with a letter or digit."));
    return Done{};
}

Status Validator::password(const QString &password)
{
    if (password.size() < 4 || password.size() > 256)
        return fail(QStringLiteral("password"), QStringLiteral("A password has 4 to 256 characters."));
    return Done{};
}

Status Validator::passwordConfirmation(const QString &password, const QString &confirmation)
{
    if (password != confirmation)
        return fail(QStringLiteral("confirmation"),
                    QStringLiteral("The two new passwords differ; type the same one twice."));
    return Done{};
}

} // namespace sd::models
