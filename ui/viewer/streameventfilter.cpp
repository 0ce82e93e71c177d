#include "ui/viewer/streameventfilter.h"

#include "ui/viewer/streameventmodel.h"

namespace sd::ui {

StreamEventFilter::StreamEventFilter(QObject *parent)
    : QSortFilterProxyModel(parent)
{}

void StreamEventFilter::setText(const QString &text)
{
    if (m_text == text)
        return;
    m_text = text;
    invalidateRowsFilter();
}

void StreamEventFilter::setEventType(const QString &type)
{
    if (m_type == type)
        return;
    m_type = type;
    invalidateRowsFilter();
}

void StreamEventFilter::setShowComments(bool show)
{
    if (m_showComments == show)
        return;
    m_showComments = show;
    invalidateRowsFilter();
}

bool StreamEventFilter::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    const auto contains = [this, &index](int column, int role) {
        return index.siblingAtColumn(column).data(role).toString().contains(m_text, Qt::CaseInsensitive);
    };
    if (!index.data(StreamEventModel::DispatchedRole).toBool()) {
        return m_showComments && m_type.isEmpty() &&
               (m_text.isEmpty() || contains(StreamEventModel::Preview, Qt::DisplayRole));
    }
    if (!m_type.isEmpty() && index.data(StreamEventModel::TypeRole).toString() != m_type)
        return false;
    return m_text.isEmpty() || contains(0, StreamEventModel::DataRole) ||
           contains(0, StreamEventModel::TypeRole) || contains(StreamEventModel::Id, Qt::DisplayRole);
}

} // namespace sd::ui
