#pragma once

#include <QLoggingCategory>

namespace sd::gateway {

Q_DECLARE_LOGGING_CATEGORY(lcAuth)

} // namespace sd::gateway
