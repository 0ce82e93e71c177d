// Jwt::verify three ways: the input as a token; the input as the payload of a token signed with a fixed test
// key (hostile claims behind a valid signature); and, when it looks like JSON, the input as the header of a
// signed token (hostile alg, kid, crit). A token only passes with a valid signature by the test key, an RS256
// header naming it, and claims that satisfy every rule; a refusal always says why and carries no claims.
#include "fuzzsupport.h"
#include "gateway/auth/jwt.h"

#include <QFile>
#include <QJsonDocument>

using namespace sd::gateway;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 now = 1767225600; // 2026-01-01
constexpr auto base64Url = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;

std::optional<SigningKey> testKey;

std::optional<SigningKey> lookup(const QString &kid)
{
    return kid == testKey->kid() ? testKey : std::nullopt;
}

QByteArray encodedHeader()
{
    const QJsonObject header{{u"alg"_s, u"RS256"_s}, {u"typ"_s, u"JWT"_s}, {u"kid"_s, testKey->kid()}};
    return QJsonDocument(header).toJson(QJsonDocument::Compact).toBase64(base64Url);
}

QByteArray signedToken(const QByteArray &header, const QByteArray &payload)
{
    const QByteArray input = header.toBase64(base64Url) + '.' + payload.toBase64(base64Url);
    return input + '.' + testKey->sign(input).toBase64(base64Url);
}

Jwt::Verification verify(QByteArrayView token, qint64 leeway)
{
    const Jwt::Verification result = Jwt::verify(token, &lookup, now, leeway);
    FUZZ_CHECK(result.ok() == !result.failure.has_value());
    if (!result.ok()) {
        FUZZ_CHECK(!result.detail.isEmpty() && result.claims.isEmpty());
        FUZZ_CHECK(!Jwt::failureName(*result.failure).isEmpty());
        return result;
    }
    const QList<QByteArray> parts = token.toByteArray().split('.');
    FUZZ_CHECK(parts.size() == 3 && token.size() <= Jwt::maxTokenSize);
    const QJsonObject header =
        QJsonDocument::fromJson(QByteArray::fromBase64(parts[0], QByteArray::Base64UrlEncoding)).object();
    FUZZ_CHECK(header.value(u"alg").toString() == u"RS256" && !header.contains(u"crit"));
    FUZZ_CHECK(header.value(u"kid").toString() == testKey->kid());
    FUZZ_CHECK(testKey->verify(token.first(parts[0].size() + 1 + parts[1].size()),
                               QByteArray::fromBase64(parts[2], QByteArray::Base64UrlEncoding)));
    const QJsonObject &claims = result.claims;
    FUZZ_CHECK(claims.value(u"exp").isDouble() && claims.value(u"iat").isDouble());
    FUZZ_CHECK(!claims.value(u"jti").toString().isEmpty() && !claims.value(u"azp").toString().isEmpty());
    FUZZ_CHECK(claims.value(u"exp").toDouble() > double(now - leeway));
    FUZZ_CHECK(claims.value(u"iat").toDouble() <= double(now + leeway));
    const QJsonValue nbf = claims.value(u"nbf");
    FUZZ_CHECK(nbf.isUndefined() || (nbf.isDouble() && nbf.toDouble() <= double(now + leeway)));
    return result;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    sd::fuzz::silenceLogging();
    QFile pem(QStringLiteral(STREAMDESK_FUZZ_JWT_KEY));
    FUZZ_CHECK(pem.open(QIODevice::ReadOnly));
    auto key = SigningKey::fromPem(pem.readAll());
    FUZZ_CHECK(key.ok());
    testKey = key.value();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    const qint64 leeway = qint64(size % 3) * 30;

    verify(input, leeway);

    const QByteArray header = QByteArray::fromBase64(encodedHeader(), QByteArray::Base64UrlEncoding);
    const auto withClaims = verify(signedToken(header, input), leeway);
    if (input.size() < Jwt::maxTokenSize / 2) {
        FUZZ_CHECK(withClaims.failure != Jwt::Failure::BadSignature &&
                   withClaims.failure != Jwt::Failure::UnknownKey &&
                   withClaims.failure != Jwt::Failure::UnsupportedAlgorithm);
        const QJsonDocument payload = QJsonDocument::fromJson(input);
        FUZZ_CHECK(!withClaims.ok() || withClaims.claims == payload.object());
        FUZZ_CHECK(payload.isObject() || withClaims.failure == Jwt::Failure::Malformed);
    }

    if (input.startsWith('{')) {
        const QByteArray claims = R"({"exp":1767229200,"iat":1767225600,"jti":"j","azp":"a"})";
        verify(signedToken(input, claims), leeway);
    }
    return 0;
}
