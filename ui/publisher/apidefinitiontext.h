#pragma once

#include "models/api.h"
#include "ui/common/consolestatus.h"

#include <QString>

namespace sd::models {
class PublisherService;
}

namespace sd::ui {

/// The API's AsyncAPI definition as indented JSON, as GET /apis/{id}/asyncapi serves it: servers on the
/// vhost the API is deployed on (localhost before its first deployment) and the console's gateway ports.
/// The Publisher's and the Developer Portal's definition tabs show the same text.
class ApiDefinitionText final
{
public:
    ApiDefinitionText() = delete;

    static QString of(const models::PublisherService *publisher, const models::Api &api,
                      const ConsoleStatus &status);
};

} // namespace sd::ui
