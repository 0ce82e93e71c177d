#pragma once

#include <QSortFilterProxyModel>

namespace sd::ui {

/// Filters a StreamEventModel by text (in the data, event type or ID), by event type, and shows or hides
/// comment/heartbeat-only blocks.
class StreamEventFilter final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StreamEventFilter)

public:
    explicit StreamEventFilter(QObject *parent = nullptr);

    void setText(const QString &text);
    /// Empty: every type.
    void setEventType(const QString &type);
    void setShowComments(bool show);
    bool showsComments() const { return m_showComments; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_text;
    QString m_type;
    bool m_showComments = true;
};

} // namespace sd::ui
