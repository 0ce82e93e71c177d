#include "ui/shell/consolestatusbar.h"

#include "gateway/relay/streammonitor.h"
#include "ui/common/session.h"

#include <QLabel>

namespace sd::ui {

namespace {

QLabel *section(const QString &objectName, const QString &accessibleName, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setAccessibleName(accessibleName);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

} // namespace

ConsoleStatusBar::ConsoleStatusBar(const ConsoleStatus &status, gateway::StreamMonitor *monitor,
                                   Session *session, QWidget *parent)
    : QStatusBar(parent)
    , m_monitor(monitor)
    , m_session(session)
    , m_gateway(section(QStringLiteral("gatewayStatus"), tr("Gateway addresses"), this))
    , m_streams(section(QStringLiteral("streamStatus"), tr("Open streams"), this))
    , m_user(section(QStringLiteral("userStatus"), tr("Signed-in user"), this))
{
    setObjectName(QStringLiteral("consoleStatusBar"));
    QStringList urls{tr("HTTP %1").arg(status.gatewayUrl)};
    if (!status.gatewayTlsUrl.isEmpty())
        urls << tr("HTTPS %1").arg(status.gatewayTlsUrl);
    urls << tr("Management %1").arg(status.managementUrl);
    m_gateway->setText(tr("Gateway: %1").arg(urls.join(QStringLiteral(" · "))));
    // The addresses may be cut short rather than widen the window.
    m_gateway->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_gateway->setToolTip(m_gateway->text());
    addWidget(m_gateway, 1);
    addPermanentWidget(m_streams);
    addPermanentWidget(m_user);

    if (m_monitor)
        connect(m_monitor, &gateway::StreamMonitor::streamsChanged, this,
                &ConsoleStatusBar::onStreamsChanged);
    connect(m_session, &Session::changed, this, &ConsoleStatusBar::updateUser);
    connect(&m_rateTimer, &QTimer::timeout, this, &ConsoleStatusBar::updateRate);
    m_rateTimer.start(1000);
    m_rateClock.start();
    updateStreams();
    updateUser();
}

QString ConsoleStatusBar::gatewayText() const
{
    return m_gateway->text();
}

QString ConsoleStatusBar::streamsText() const
{
    return m_streams->text();
}

QString ConsoleStatusBar::userText() const
{
    return m_user->text();
}

void ConsoleStatusBar::onStreamsChanged(const QList<gateway::StreamInfo> &changes)
{
    for (const auto &stream : changes) {
        m_newEvents += qMax<qint64>(0, stream.events - m_eventsPerStream.value(stream.id));
        if (stream.open)
            m_eventsPerStream.insert(stream.id, stream.events);
        else
            m_eventsPerStream.remove(stream.id);
    }
    updateStreams();
}

void ConsoleStatusBar::updateRate()
{
    const auto elapsed = m_rateClock.restart();
    m_rate = elapsed > 0 ? double(m_newEvents) * 1000.0 / double(elapsed) : 0.0;
    m_newEvents = 0;
    updateStreams();
}

void ConsoleStatusBar::updateStreams()
{
    const auto open = m_monitor ? m_monitor->openCount() : 0;
    m_streams->setText((open == 1 ? tr("1 open stream") : tr("%1 open streams").arg(open)) +
                       QStringLiteral(" · ") +
                       tr("%1 events/s").arg(m_rate, 0, 'f', m_rate > 0 && m_rate < 10 ? 1 : 0));
}

void ConsoleStatusBar::updateUser()
{
    if (!m_session->isSignedIn()) {
        m_user->setText(tr("Not signed in"));
        return;
    }
    const auto &user = m_session->user();
    m_user->setText(tr("Signed in as %1 (%2)")
                        .arg(user.name, models::User::roleNames(user.roles).join(QStringLiteral(", "))));
}

} // namespace sd::ui
