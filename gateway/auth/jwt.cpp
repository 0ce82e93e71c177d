#include "gateway/auth/jwt.h"

#include <QJsonDocument>
#include <QList>

namespace sd::gateway {

namespace {

constexpr auto base64Url = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;
constexpr auto algorithm = QLatin1StringView("RS256");

bool isBase64UrlCharacter(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

// Unpadded base64url only; the re-encoding check also rejects stray bits, so each value has one spelling.
std::optional<QByteArray> decodeBase64Url(const QByteArray &text)
{
    if (text.size() % 4 == 1)
        return std::nullopt;
    for (const char c : text) {
        if (!isBase64UrlCharacter(c))
            return std::nullopt;
    }
    auto decoded = QByteArray::fromBase64Encoding(text, base64Url | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || decoded.decoded.toBase64(base64Url) != text)
        return std::nullopt;
    return std::move(decoded.decoded);
}

std::optional<QJsonObject> parseObject(const QByteArray &json)
{
    QJsonParseError error;
    const auto document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return std::nullopt;
    return document.object();
}

Jwt::Verification fail(Jwt::Failure failure, const QString &detail)
{
    return Jwt::Verification{failure, detail, {}};
}

} // namespace

QByteArray Jwt::sign(const QJsonObject &claims, const SigningKey &key)
{
    const QJsonObject header{
        {QStringLiteral("alg"), algorithm},
        {QStringLiteral("typ"), QStringLiteral("JWT")},
        {QStringLiteral("kid"), key.kid()},
    };
    const QByteArray signingInput = QJsonDocument(header).toJson(QJsonDocument::Compact).toBase64(base64Url) +
                                    '.' +
                                    QJsonDocument(claims).toJson(QJsonDocument::Compact).toBase64(base64Url);
    const QByteArray signature = key.sign(signingInput);
    if (signature.isEmpty())
        return {};
    return signingInput + '.' + signature.toBase64(base64Url);
}

Jwt::Verification Jwt::verify(QByteArrayView token, const KeyLookup &keys, qint64 nowSecs, qint64 leewaySecs)
{
    if (token.size() > maxTokenSize)
        return fail(Failure::Malformed, QStringLiteral("token of %1 bytes is too large").arg(token.size()));
    const QList<QByteArray> parts = token.toByteArray().split('.');
    if (parts.size() != 3)
        return fail(Failure::Malformed, QStringLiteral("%1 parts instead of 3").arg(parts.size()));
    const auto headerJson = decodeBase64Url(parts[0]);
    const auto payloadJson = decodeBase64Url(parts[1]);
    const auto signature = decodeBase64Url(parts[2]);
    if (!headerJson || !payloadJson || !signature)
        return fail(Failure::Malformed, QStringLiteral("invalid base64url"));

    const auto header = parseObject(*headerJson);
    if (!header)
        return fail(Failure::Malformed, QStringLiteral("header is not a JSON object"));
    const QJsonValue alg = header->value(u"alg");
    if (alg.toString() != algorithm)
        return fail(Failure::UnsupportedAlgorithm, alg.isString()
                                                       ? QStringLiteral("algorithm %1").arg(alg.toString())
                                                       : QStringLiteral("algorithm missing"));
    if (header->contains(u"crit"))
        return fail(Failure::Malformed, QStringLiteral("critical header extensions are not supported"));
    const QString kid = header->value(u"kid").toString();
    const std::optional<SigningKey> key = kid.isEmpty() ? std::nullopt : keys(kid);
    if (!key)
        return fail(Failure::UnknownKey, QStringLiteral("unknown key id \"%1\"").arg(kid));
    const QByteArrayView signingInput = token.first(parts[0].size() + 1 + parts[1].size());
    if (!key->verify(signingInput, *signature))
        return fail(Failure::BadSignature, QStringLiteral("signature does not match key %1").arg(kid));

    auto claims = parseObject(*payloadJson);
    if (!claims)
        return fail(Failure::Malformed, QStringLiteral("payload is not a JSON object"));
    for (const auto name : {u"exp", u"iat"}) {
        if (!claims->value(name).isDouble())
            return fail(Failure::MissingClaim, QStringLiteral("numeric claim %1 missing").arg(name));
    }
    for (const auto name : {u"jti", u"azp"}) {
        if (claims->value(name).toString().isEmpty())
            return fail(Failure::MissingClaim, QStringLiteral("string claim %1 missing").arg(name));
    }
    const QJsonValue nbf = claims->value(u"nbf");
    if (!nbf.isUndefined() && !nbf.isDouble())
        return fail(Failure::Malformed, QStringLiteral("claim nbf is not a number"));

    return checkTimes(std::move(*claims), nowSecs, leewaySecs);
}

Jwt::Verification Jwt::checkTimes(QJsonObject claims, qint64 nowSecs, qint64 leewaySecs)
{
    const double now = double(nowSecs);
    const double leeway = double(qMax<qint64>(leewaySecs, 0));
    if (claims.value(u"exp").toDouble() <= now - leeway)
        return fail(Failure::Expired, QStringLiteral("expired"));
    if (claims.value(u"nbf").toDouble() > now + leeway || claims.value(u"iat").toDouble() > now + leeway)
        return fail(Failure::NotYetValid, QStringLiteral("not valid before nbf/iat"));
    return Verification{std::nullopt, {}, std::move(claims)};
}

QString Jwt::failureName(Failure failure)
{
    switch (failure) {
    case Failure::Malformed:
        return QStringLiteral("Malformed");
    case Failure::UnsupportedAlgorithm:
        return QStringLiteral("UnsupportedAlgorithm");
    case Failure::UnknownKey:
        return QStringLiteral("UnknownKey");
    case Failure::BadSignature:
        return QStringLiteral("BadSignature");
    case Failure::Expired:
        return QStringLiteral("Expired");
    case Failure::NotYetValid:
        return QStringLiteral("NotYetValid");
    case Failure::MissingClaim:
        return QStringLiteral("MissingClaim");
    }
    return {};
}

} // namespace sd::gateway
