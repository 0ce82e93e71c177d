#pragma once

#include "gateway/client/sseclient.h"

#include <QChartView>
#include <QDateTime>
#include <QList>
#include <QPointF>
#include <QTimer>

class QJsonObject;
class QLineSeries;
class QStandardItem;
class QStandardItemModel;
class QValueAxis;

namespace sd::ui {

/// A live line chart of the numeric fields of JSON object events, found as they arrive. Each field keeps
/// a thinned ring of points (when full, every second point is dropped and only every second later event
/// is sampled), and the series are redrawn with one replace() per field from a timer, at most
/// redrawsPerSecond times a second and only when something changed: never one append per event.
class StreamPlot final : public QChartView
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StreamPlot)

public:
    static constexpr int maxPoints = 1000; // about one per pixel of a wide chart
    static constexpr int maxFields = 16;
    static constexpr int redrawsPerSecond = 16;

    explicit StreamPlot(QWidget *parent = nullptr);
    ~StreamPlot() override;

    /// x = seconds since this time; without one, since the first event plotted.
    void setOrigin(const QDateTime &origin);
    void addEvents(const QList<gateway::ReceivedEvent> &events);
    /// Forgets every field and point.
    void clear();
    /// Paused, points are still collected but the chart is not redrawn until resumed.
    void setPaused(bool paused);

    QStringList fields() const;
    QLineSeries *series(const QString &field) const;
    /// One checkable item per field (checked: plotted); timestamps are found but not plotted by default.
    QStandardItemModel *fieldModel() const { return m_fieldModel; }
    /// True when the field's name or values look like a timestamp (milliseconds since the epoch).
    static bool looksLikeTimestamp(const QString &name, double value);

private:
    struct Field
    {
        QString name;
        QLineSeries *series = nullptr;
        QList<QPointF> points;
        bool changed = false;
    };

    void addSample(double x, const QJsonObject &object);
    Field *field(const QString &name, double firstValue);
    void thin();
    void redraw();
    void onFieldToggled(QStandardItem *item);
    void rescale();

    QList<Field> m_fields;
    QStandardItemModel *m_fieldModel;
    QValueAxis *m_xAxis;
    QValueAxis *m_yAxis;
    QDateTime m_origin;
    int m_stride = 1; // sample every m_stride-th object event
    qint64 m_objectEvents = 0;
    double m_lastX = 0;
    bool m_paused = false;
    QTimer m_redrawTimer;
};

} // namespace sd::ui
