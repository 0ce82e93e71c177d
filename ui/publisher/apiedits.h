#pragma once

#include "models/publisherservice.h"

#include <functional>

namespace sd::ui {

/// Edits of the current API from a page: the API's fields as a draft, changed, handed to updateApi.
class ApiEdits final
{
public:
    ApiEdits() = delete;

    static models::ApiDraft draftOf(const models::Api &api);
    static models::Result<models::Api> update(models::PublisherService *publisher, const models::User &actor,
                                              const QString &apiId,
                                              const std::function<void(models::ApiDraft &)> &change);
};

} // namespace sd::ui
