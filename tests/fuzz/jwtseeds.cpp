// Writes the JWT fuzzer's token seeds: tokens made by Jwt::sign with the fuzzer's test key, with the claims
// the token endpoint issues and with each rule broken once. Usage: jwt_seeds <folder>.
#include "gateway/auth/jwt.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>

using namespace sd::gateway;
using namespace Qt::StringLiterals;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QFile pem(QStringLiteral(STREAMDESK_FUZZ_JWT_KEY));
    const auto key = pem.open(QIODevice::ReadOnly) ? SigningKey::fromPem(pem.readAll())
                                                   : sd::models::Result<SigningKey>(sd::models::Error{});
    if (argc != 2 || !key) {
        qWarning("usage: jwt_seeds <folder> (and a readable test key)");
        return 2;
    }
    const qint64 now = 1767225600;
    const QJsonObject issued{
        {u"iss"_s, u"https://localhost:9443/oauth2/token"_s},
        {u"sub"_s, u"alice"_s},
        {u"aud"_s, u"ck_1"_s},
        {u"azp"_s, u"ck_1"_s},
        {u"aut"_s, u"APPLICATION"_s},
        {u"keytype"_s, u"PRODUCTION"_s},
        {u"scope"_s, u"default"_s},
        {u"iat"_s, now},
        {u"nbf"_s, now},
        {u"exp"_s, now + 3600},
        {u"jti"_s, u"0123456789abcdef0123456789abcdef"_s},
        {u"application"_s,
         QJsonObject{
             {u"id"_s, u"app-1"_s}, {u"name"_s, u"Ticker"_s}, {u"owner"_s, u"alice"_s}, {u"tier"_s, 1000}}},
    };
    auto with = [&issued](const QString &name, const QJsonValue &value) {
        QJsonObject claims = issued;
        if (value.isUndefined())
            claims.remove(name);
        else
            claims.insert(name, value);
        return claims;
    };
    const QList<std::pair<const char *, QJsonObject>> seeds{
        {"issued", issued},
        {"expired", with(u"exp"_s, now - 1)},
        {"not-yet-valid", with(u"nbf"_s, now + 600)},
        {"iat-in-future", with(u"iat"_s, now + 600)},
        {"no-jti", with(u"jti"_s, QJsonValue::Undefined)},
        {"azp-number", with(u"azp"_s, 7)},
        {"exp-string", with(u"exp"_s, u"tomorrow"_s)},
        {"nbf-null", with(u"nbf"_s, QJsonValue::Null)},
    };
    const QDir folder(QString::fromLocal8Bit(argv[1]));
    for (const auto &[name, claims] : seeds) {
        QFile file(folder.filePath(QString::fromLatin1(name)));
        if (!file.open(QIODevice::WriteOnly) || file.write(Jwt::sign(claims, key.value())) < 0)
            return 1;
    }
    return 0;
}
