#include "ui/devportal/usagebardelegate.h"

#include "ui/devportal/applicationsubscriptionmodel.h"

#include <QApplication>
#include <QPainter>
#include <QStyleOptionProgressBar>

namespace sd::ui {

namespace {

// The bar counts in per mille, so limits beyond int's range still draw.
constexpr int barMaximum = 1000;

} // namespace

UsageBarDelegate::UsageBarDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{}

void UsageBarDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                             const QModelIndex &index) const
{
    const auto delivered = index.data(ApplicationSubscriptionModel::DeliveredRole);
    if (!delivered.isValid()) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    const qint64 limit = index.data(ApplicationSubscriptionModel::LimitRole).toLongLong();
    QStyleOptionProgressBar bar;
    bar.initFrom(option.widget);
    bar.rect = option.rect.adjusted(2, 2, -2, -2);
    bar.state = option.state | QStyle::State_Horizontal;
    bar.minimum = 0;
    bar.maximum = barMaximum;
    bar.progress = limit > 0 ? int(qMin<qint64>(barMaximum, delivered.toLongLong() * barMaximum / limit)) : 0;
    bar.text = index.data(Qt::DisplayRole).toString();
    bar.textVisible = true;
    bar.textAlignment = Qt::AlignCenter;
    if (option.state & QStyle::State_Selected)
        painter->fillRect(option.rect, option.palette.highlight());
    const auto *style = option.widget ? option.widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ProgressBar, &bar, painter, option.widget);
}

} // namespace sd::ui
