#include "ui/publisher/apiedits.h"

namespace sd::ui {

models::ApiDraft ApiEdits::draftOf(const models::Api &api)
{
    return {api.name,  api.context, api.version,    api.productionEndpoint, api.sandboxEndpoint,
            api.plans, api.topics,  api.description};
}

models::Result<models::Api> ApiEdits::update(models::PublisherService *publisher, const models::User &actor,
                                             const QString &apiId,
                                             const std::function<void(models::ApiDraft &)> &change)
{
    const auto api = publisher->api(apiId);
    if (!api)
        return models::notFoundError(QStringLiteral("The API no longer exists."));
    auto draft = draftOf(*api);
    change(draft);
    return publisher->updateApi(actor, apiId, draft);
}

} // namespace sd::ui
