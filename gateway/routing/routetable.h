#pragma once

#include "models/lifecycle.h"
#include "models/store.h"

#include <QHash>
#include <atomic>
#include <memory>
#include <optional>

namespace sd::gateway {

/// What the gateway serves for one deployed API: its deployed revision's endpoints and its current state.
struct Route
{
    QString apiId;
    QString revisionId;
    QString name;
    QString context;
    QString version;
    models::LifecycleState state = models::LifecycleState::Created;
    QString productionEndpoint;
    QString sandboxEndpoint;
};

struct RouteMatch
{
    Route route;
    QString remainder; // the path after /<context>/<version>, "" or starting with '/'
};

/// The APIs deployed on one gateway environment, keyed by context and version. Thread-safe without a lock
/// per lookup: reload() builds an immutable table and publishes it atomically; a lookup reads the table
/// current when it starts.
class RouteTable final
{
    Q_DISABLE_COPY_MOVE(RouteTable)

public:
    explicit RouteTable(QString environment = QStringLiteral("Default"));

    void reload(const models::Store &store);
    std::optional<RouteMatch> match(QStringView path) const;
    std::optional<Route> route(const QString &apiId) const;
    qsizetype size() const;

private:
    struct Routes
    {
        QHash<QString, Route> byPath; // key: context + '\n' + version
        QHash<QString, Route> byApi;
    };

    QString m_environment;
    std::atomic<std::shared_ptr<const Routes>> m_routes;
};

} // namespace sd::gateway
