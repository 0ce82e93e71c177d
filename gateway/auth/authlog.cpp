#include "gateway/auth/authlog.h"

namespace sd::gateway {

Q_LOGGING_CATEGORY(lcAuth, "streamdesk.gateway.auth")

} // namespace sd::gateway
