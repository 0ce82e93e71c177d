#pragma once

#include "models/result.h"

#include <QString>

namespace sd::ui {

/// Turns a service error into a sentence for people: what went wrong and what to do next.
class ServiceErrorText final
{
public:
    ServiceErrorText() = delete;

    static QString describe(const models::Error &error);
};

} // namespace sd::ui
