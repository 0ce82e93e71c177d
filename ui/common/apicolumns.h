#pragma once

#include "models/api.h"

#include <QCoreApplication>
#include <QVariant>

namespace sd::ui {

/// The columns every table of APIs starts with (the Publisher's list, the portal's catalog): their
/// headers and cell texts, so both tables say the same.
class ApiColumns final
{
    Q_DECLARE_TR_FUNCTIONS(sd::ui::ApiColumns)

public:
    enum Column { Name, Version, Context, State, Count };

    ApiColumns() = delete;

    /// The text of `column` (one of Column) for `api`.
    static QVariant text(const models::Api &api, int column);
    static QVariant header(int column);
};

} // namespace sd::ui
