#include "ui/viewer/streamplot.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLineSeries>
#include <QStandardItemModel>
#include <QValueAxis>
#include <algorithm>

namespace sd::ui {

namespace {
// Milliseconds since the epoch between 2001 and 2286.
constexpr double minEpochMs = 1e12;
constexpr double maxEpochMs = 1e13;
constexpr double minXRange = 10;

bool looksLikeTimestampName(const QString &name)
{
    static const QStringList names{QStringLiteral("ts"), QStringLiteral("timestamp"), QStringLiteral("time"),
                                   QStringLiteral("epoch")};
    return names.contains(name, Qt::CaseInsensitive) || name.endsWith(QLatin1String("At")) ||
           name.endsWith(QLatin1String("_at")) || name.endsWith(QLatin1String("Time"));
}
} // namespace

StreamPlot::StreamPlot(QWidget *parent)
    : QChartView(parent)
    , m_fieldModel(new QStandardItemModel(this))
    , m_xAxis(new QValueAxis(this))
    , m_yAxis(new QValueAxis(this))
{
    setObjectName(QStringLiteral("streamPlot"));
    setAccessibleName(tr("Plot of numeric fields"));
    // Aliased lines: stroking thousands of antialiased segments many times a second costs more than
    // everything else the viewer does at 10,000 events/s.
    setRenderHint(QPainter::Antialiasing, false);
    // Nothing to do in the chart by keyboard: the field list next to it is where the choice is.
    setFocusPolicy(Qt::NoFocus);
    auto *chart = new QChart;
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));
    m_xAxis->setTitleText(tr("Seconds since connect"));
    m_xAxis->setLabelFormat(QStringLiteral("%g"));
    m_yAxis->setLabelFormat(QStringLiteral("%.3g"));
    m_xAxis->setRange(0, minXRange);
    chart->addAxis(m_xAxis, Qt::AlignBottom);
    chart->addAxis(m_yAxis, Qt::AlignLeft);
    setChart(chart);

    m_redrawTimer.setSingleShot(true);
    m_redrawTimer.setInterval(1000 / redrawsPerSecond);
    connect(&m_redrawTimer, &QTimer::timeout, this, &StreamPlot::redraw);
    connect(m_fieldModel, &QStandardItemModel::itemChanged, this, &StreamPlot::onFieldToggled);
}

StreamPlot::~StreamPlot() = default;

void StreamPlot::setOrigin(const QDateTime &origin)
{
    m_origin = origin;
}

bool StreamPlot::looksLikeTimestamp(const QString &name, double value)
{
    return looksLikeTimestampName(name) || (value >= minEpochMs && value < maxEpochMs);
}

void StreamPlot::addEvents(const QList<gateway::ReceivedEvent> &events)
{
    for (const auto &received : events) {
        const auto &event = received.event;
        if (!event.dispatched || !event.data.startsWith(u'{'))
            continue;
        // Thinned at the source too: once the ring has been halved k times, only every 2^k-th event is
        // parsed, so the cost per event falls as the history grows.
        if (m_objectEvents++ % m_stride != 0)
            continue;
        const QJsonDocument document = QJsonDocument::fromJson(event.data.toUtf8());
        if (!document.isObject())
            continue;
        if (!m_origin.isValid())
            m_origin = received.receivedAt;
        const double x = double(m_origin.msecsTo(received.receivedAt)) / 1000.0;
        addSample(x, document.object());
    }
}

void StreamPlot::addSample(double x, const QJsonObject &object)
{
    bool added = false;
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (!it.value().isDouble())
            continue;
        const double y = it.value().toDouble();
        Field *target = field(it.key(), y);
        if (!target)
            continue; // more than maxFields
        target->points.append(QPointF(x, y));
        target->changed = true;
        added = true;
        if (target->points.size() >= maxPoints)
            thin();
    }
    if (!added)
        return;
    m_lastX = qMax(m_lastX, x);
    if (!m_redrawTimer.isActive())
        m_redrawTimer.start();
}

StreamPlot::Field *StreamPlot::field(const QString &name, double firstValue)
{
    for (auto &existing : m_fields) {
        if (existing.name == name)
            return &existing;
    }
    if (m_fields.size() >= maxFields)
        return nullptr;
    auto *series = new QLineSeries;
    series->setName(name);
    chart()->addSeries(series);
    QPen pen = series->pen(); // the theme's colour, aliased
    pen.setWidth(2);
    series->setPen(pen);
    series->attachAxis(m_xAxis);
    series->attachAxis(m_yAxis);
    const bool shown = !looksLikeTimestamp(name, firstValue);
    series->setVisible(shown);
    m_fields.append(Field{name, series, {}, false});
    auto *item = new QStandardItem(name);
    item->setCheckable(true);
    item->setEditable(false);
    item->setCheckState(shown ? Qt::Checked : Qt::Unchecked);
    item->setToolTip(shown ? tr("Plotted") : tr("Looks like a timestamp: not plotted unless ticked"));
    m_fieldModel->appendRow(item);
    return &m_fields.last();
}

void StreamPlot::thin()
{
    for (auto &f : m_fields) {
        QList<QPointF> kept;
        kept.reserve(f.points.size() / 2 + 1);
        for (qsizetype i = 0; i < f.points.size(); i += 2)
            kept.append(f.points.at(i));
        f.points = std::move(kept);
        f.changed = true;
    }
    m_stride *= 2;
}

void StreamPlot::setPaused(bool paused)
{
    m_paused = paused;
    if (!paused)
        redraw();
}

void StreamPlot::redraw()
{
    if (m_paused)
        return;
    for (auto &f : m_fields) {
        // A hidden series is brought up to date when it is ticked.
        if (!f.changed || !f.series->isVisible())
            continue;
        f.series->replace(f.points);
        f.changed = false;
    }
    rescale();
}

void StreamPlot::rescale()
{
    m_xAxis->setRange(0, qMax(minXRange, m_lastX));
    m_xAxis->applyNiceNumbers();
    double low = 0;
    double high = 0;
    bool any = false;
    for (const auto &f : std::as_const(m_fields)) {
        if (!f.series->isVisible() || f.points.isEmpty())
            continue;
        const auto [min, max] = std::minmax_element(f.points.cbegin(), f.points.cend(),
                                                    [](auto a, auto b) { return a.y() < b.y(); });
        low = any ? qMin(low, min->y()) : min->y();
        high = any ? qMax(high, max->y()) : max->y();
        any = true;
    }
    if (!any)
        return;
    // Sizes and counts read best from zero; a narrow band far from zero keeps its own range.
    if (low >= 0 && low <= high / 2)
        low = 0;
    const double margin = high > low ? (high - low) * 0.05 : qMax(1.0, qAbs(high) * 0.05);
    m_yAxis->setRange(qFuzzyIsNull(low) ? 0 : low - margin, high + margin);
    m_yAxis->applyNiceNumbers();
}

void StreamPlot::onFieldToggled(QStandardItem *item)
{
    const int row = item->row();
    if (row < 0 || row >= m_fields.size())
        return;
    auto &f = m_fields[row];
    f.series->setVisible(item->checkState() == Qt::Checked);
    if (f.series->isVisible() && f.changed && !m_paused) {
        f.series->replace(f.points);
        f.changed = false;
    }
    rescale();
}

void StreamPlot::clear()
{
    m_redrawTimer.stop();
    chart()->removeAllSeries();
    m_fields.clear();
    m_fieldModel->clear();
    m_origin = {};
    m_stride = 1;
    m_objectEvents = 0;
    m_lastX = 0;
    m_xAxis->setRange(0, minXRange);
}

QStringList StreamPlot::fields() const
{
    QStringList names;
    for (const auto &f : m_fields)
        names << f.name;
    return names;
}

QLineSeries *StreamPlot::series(const QString &name) const
{
    for (const auto &f : m_fields) {
        if (f.name == name)
            return f.series;
    }
    return nullptr;
}

} // namespace sd::ui
