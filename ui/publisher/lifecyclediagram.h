#pragma once

#include "models/lifecycle.h"

#include <QWidget>

namespace sd::ui {

/// The lifecycle state machine drawn with QPainter: the six states, an arrow per transition, the current
/// state filled and the transitions allowed from it emphasised and labelled. Its accessible description
/// says the same in words.
class LifecycleDiagram final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LifecycleDiagram)

public:
    explicit LifecycleDiagram(QWidget *parent = nullptr);

    models::LifecycleState state() const { return m_state; }
    void setState(models::LifecycleState state);

    /// The label users see for an action ("Deploy as a Prototype" is "Pre-Release", as in WSO2).
    static QString actionLabel(const QString &action);
    /// "Current state: CREATED. Allowed actions: Publish (to PUBLISHED), ...".
    static QString describe(models::LifecycleState state);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QRectF stateRect(models::LifecycleState state) const;

    models::LifecycleState m_state = models::LifecycleState::Created;
};

} // namespace sd::ui
