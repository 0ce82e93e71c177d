#include "ui/publisher/lifecyclediagram.h"

#include <QPainter>
#include <QPainterPath>
#include <QtMath>

namespace sd::ui {

namespace {

using models::Lifecycle;
using models::LifecycleState;

struct Edge
{
    LifecycleState from;
    LifecycleState to;
    QString action;
};

QList<Edge> edges()
{
    QList<Edge> all;
    for (const auto from : Lifecycle::allStates()) {
        for (const auto &action : Lifecycle::allowedActions(from))
            all.append({from, Lifecycle::apply(from, action).value(), action});
    }
    return all;
}

// Grid cell (column, row) of each state: the main path runs left to right, the way out down the right.
QPointF cell(LifecycleState state)
{
    switch (state) {
    case LifecycleState::Created:
        return {0, 1};
    case LifecycleState::Prototyped:
        return {1, 0};
    case LifecycleState::Published:
        return {2, 1};
    case LifecycleState::Blocked:
        return {3, 0};
    case LifecycleState::Deprecated:
        return {3, 2};
    case LifecycleState::Retired:
        return {4, 2};
    }
    return {};
}

// Where the line from the centre of `rect` towards `target` leaves the rectangle.
QPointF borderPoint(const QRectF &rect, const QPointF &target)
{
    const auto c = rect.center();
    const auto d = target - c;
    if (qFuzzyIsNull(d.x()) && qFuzzyIsNull(d.y()))
        return c;
    const auto sx = qFuzzyIsNull(d.x()) ? 1e9 : rect.width() / 2 / qAbs(d.x());
    const auto sy = qFuzzyIsNull(d.y()) ? 1e9 : rect.height() / 2 / qAbs(d.y());
    return c + d * qMin(sx, sy);
}

void arrowHead(QPainter &p, const QPointF &tip, const QPointF &direction)
{
    const auto len = qSqrt(QPointF::dotProduct(direction, direction));
    if (qFuzzyIsNull(len))
        return;
    const auto u = direction / len;
    const QPointF n(-u.y(), u.x());
    const auto base = tip - u * 9;
    p.drawPolygon(QPolygonF{tip, base + n * 4.5, base - n * 4.5});
}

void label(QPainter &p, const QPointF &at, const QString &text, const QColor &background)
{
    const auto fm = p.fontMetrics();
    QRectF box(0, 0, fm.horizontalAdvance(text) + 8, fm.height() + 2);
    box.moveCenter(at);
    p.save();
    p.setPen(Qt::NoPen);
    p.setBrush(background);
    p.drawRoundedRect(box, 3, 3);
    p.restore();
    p.drawText(box, Qt::AlignCenter, text);
}

} // namespace

LifecycleDiagram::LifecycleDiagram(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("lifecycleDiagram"));
    setAccessibleName(tr("Lifecycle diagram"));
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    setAccessibleDescription(describe(m_state));
}

void LifecycleDiagram::setState(LifecycleState state)
{
    m_state = state;
    setAccessibleDescription(describe(state));
    setToolTip(describe(state));
    update();
}

QString LifecycleDiagram::actionLabel(const QString &action)
{
    return action == u"Deploy as a Prototype" ? tr("Pre-Release") : action;
}

QString LifecycleDiagram::describe(LifecycleState state)
{
    QStringList actions;
    for (const auto &action : Lifecycle::allowedActions(state))
        actions << tr("%1 (to %2)")
                       .arg(actionLabel(action),
                            Lifecycle::stateName(Lifecycle::apply(state, action).value()));
    return tr("Current state: %1. %2")
        .arg(Lifecycle::stateName(state),
             actions.isEmpty() ? tr("No further actions are possible.")
                               : tr("Allowed actions: %1.").arg(actions.join(QStringLiteral(", "))));
}

QSize LifecycleDiagram::sizeHint() const
{
    return {860, 16 * fontMetrics().height()};
}

QSize LifecycleDiagram::minimumSizeHint() const
{
    return {5 * (fontMetrics().horizontalAdvance(QStringLiteral("DEPRECATED")) + 40),
            13 * fontMetrics().height()};
}

QRectF LifecycleDiagram::stateRect(LifecycleState state) const
{
    const auto fm = fontMetrics();
    const QSizeF box(fm.horizontalAdvance(QStringLiteral("DEPRECATED")) + 28, fm.height() * 2.2);
    // Room above the top row for the self-transition loops and their labels.
    const auto area = QRectF(rect()).adjusted(8, 2.6 * fm.height(), -8, -8);
    const auto column = (area.width() - box.width()) / 4;
    const auto row = (area.height() - box.height()) / 2;
    const auto c = cell(state);
    return {area.left() + c.x() * column, area.top() + c.y() * row, box.width(), box.height()};
}

void LifecycleDiagram::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const auto pal = palette();
    const auto accent = pal.color(QPalette::Highlight);
    const auto quiet = pal.color(QPalette::Mid);
    const auto all = edges();

    // Quiet edges first, so the emphasised ones and their labels are drawn on top.
    for (const bool emphasised : {false, true}) {
        for (const auto &e : all) {
            if ((e.from == m_state) != emphasised)
                continue;
            const QColor colour = emphasised ? accent : quiet;
            p.setPen(QPen(colour, emphasised ? 2.2 : 1.2));
            p.setBrush(colour);
            const auto from = stateRect(e.from);
            if (e.from == e.to) {
                // A self-transition: a loop over the box's top edge.
                const auto top = QPointF(from.center().x(), from.top());
                QPainterPath loop(top + QPointF(-14, 0));
                loop.cubicTo(top + QPointF(-18, -24), top + QPointF(18, -24), top + QPointF(14, 0));
                p.setBrush(Qt::NoBrush);
                p.drawPath(loop);
                p.setBrush(colour);
                arrowHead(p, top + QPointF(14, 0), QPointF(1, 6));
                if (emphasised) {
                    p.setPen(pal.color(QPalette::WindowText));
                    label(p, top + QPointF(0, -26), actionLabel(e.action), pal.color(QPalette::Window));
                }
                continue;
            }
            const auto to = stateRect(e.to);
            auto d = to.center() - from.center();
            const auto len = qSqrt(QPointF::dotProduct(d, d));
            // Two-way pairs are drawn side by side, each shifted to its own right.
            const QPointF shift = QPointF(-d.y(), d.x()) / len * 5;
            const auto start = borderPoint(from, to.center()) + shift;
            const auto end = borderPoint(to, from.center()) + shift;
            p.drawLine(start, end);
            arrowHead(p, end, end - start);
            if (emphasised) {
                p.setPen(pal.color(QPalette::WindowText));
                label(p, (start + end) / 2 + shift * 2.5, actionLabel(e.action), pal.color(QPalette::Window));
            }
        }
    }

    const auto reachable = Lifecycle::allowedActions(m_state);
    for (const auto state : Lifecycle::allStates()) {
        const auto box = stateRect(state);
        const bool current = state == m_state;
        bool target = false;
        for (const auto &action : reachable)
            target = target || Lifecycle::apply(m_state, action).value() == state;
        auto font = this->font();
        font.setBold(current);
        p.setFont(font);
        p.setPen(QPen(current || target ? accent : quiet, current || target ? 2 : 1));
        p.setBrush(current ? accent : pal.color(QPalette::Base));
        p.drawRoundedRect(box, 6, 6);
        p.setPen(current ? pal.color(QPalette::HighlightedText) : pal.color(QPalette::Text));
        p.drawText(box, Qt::AlignCenter, Lifecycle::stateName(state));
    }
}

} // namespace sd::ui
