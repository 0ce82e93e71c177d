#pragma once

#include "models/api.h"
#include "models/application.h"
#include "models/deployment.h"
#include "models/issuedtoken.h"
#include "models/keyset.h"
#include "models/revision.h"
#include "models/subscription.h"

namespace sd::models {

class StoreQuery;

/// The column lists the queries select and insert, and the mapping of a selected row to its value.
class StoreRows final
{
public:
    static QString apiColumns();
    static Api api(const StoreQuery &q);
    static QString revisionColumns();
    static Revision revision(const StoreQuery &q);
    static QString deploymentColumns();
    static Deployment deployment(const StoreQuery &q);
    static QString applicationColumns();
    static Application application(const StoreQuery &q);
    static QString keySetColumns();
    static KeySet keySet(const StoreQuery &q);
    static QString subscriptionColumns();
    static Subscription subscription(const StoreQuery &q);
    static QString tokenColumns();
    static IssuedToken token(const StoreQuery &q);
};

} // namespace sd::models
