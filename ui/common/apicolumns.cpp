#include "ui/common/apicolumns.h"

#include "models/lifecycle.h"

namespace sd::ui {

QVariant ApiColumns::text(const models::Api &api, int column)
{
    switch (column) {
    case Name:
        return api.name;
    case Version:
        return api.version;
    case Context:
        return api.context;
    case State:
        return models::Lifecycle::stateName(api.state);
    default:
        return {};
    }
}

QVariant ApiColumns::header(int column)
{
    switch (column) {
    case Name:
        return tr("Name");
    case Version:
        return tr("Version");
    case Context:
        return tr("Context");
    case State:
        return tr("State");
    default:
        return {};
    }
}

} // namespace sd::ui
