#pragma once

#include <QStyledItemDelegate>

namespace sd::ui {

/// Paints a subscription's use of its plan as a progress bar with "delivered / limit" on it, from
/// ApplicationSubscriptionModel's DeliveredRole and LimitRole; the display text stays for screen readers.
class UsageBarDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UsageBarDelegate)

public:
    explicit UsageBarDelegate(QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
};

} // namespace sd::ui
