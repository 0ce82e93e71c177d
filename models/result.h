#pragma once

#include <QString>
#include <utility>
#include <variant>

namespace sd::models {

/// What went wrong, in terms every front end maps to its own form (HTTP status, dialog, exit code).
struct Error
{
    enum class Kind { Validation, Conflict, NotFound, Forbidden, Unauthorized, Storage };

    Kind kind = Kind::Validation;
    QString message;
    QString field; // the input field at fault, when there is one
};

/// An expected-style result: a value or an Error. Nothing in the core throws.
template <typename T> class Result
{
public:
    Result(T value)
        : m_data(std::move(value))
    {}
    Result(Error error)
        : m_data(std::move(error))
    {}

    bool ok() const { return std::holds_alternative<T>(m_data); }
    explicit operator bool() const { return ok(); }
    const T &value() const & { return std::get<T>(m_data); }
    T &value() & { return std::get<T>(m_data); }
    T &&value() && { return std::get<T>(std::move(m_data)); }
    const T *operator->() const { return &std::get<T>(m_data); }
    const Error &error() const { return std::get<Error>(m_data); }

private:
    std::variant<T, Error> m_data;
};

/// Result of an operation with no value.
struct Done
{};
using Status = Result<Done>;

inline Error validationError(const QString &field, const QString &message)
{
    return Error{Error::Kind::Validation, message, field};
}
inline Error conflictError(const QString &message)
{
    return Error{Error::Kind::Conflict, message, {}};
}
inline Error notFoundError(const QString &message)
{
    return Error{Error::Kind::NotFound, message, {}};
}
inline Error forbiddenError(const QString &message)
{
    return Error{Error::Kind::Forbidden, message, {}};
}
inline Error storageError(const QString &message)
{
    return Error{Error::Kind::Storage, message, {}};
}

} // namespace sd::models
