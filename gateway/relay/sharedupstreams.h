#pragma once

#include "gateway/relay/upstreamsource.h"

#include <QHash>
#include <QSet>
#include <QStringList>
#include <functional>
#include <memory>

namespace sd::gateway {

class SharedUpstream;
struct Route;

/// The shared backend streams of one worker thread, keyed by their identity (API and upstream URL with
/// path and query): hands each client of an API that shares its upstreams a tap of the stream open for the
/// same request, opening one when there is none. Each open stream holds one backend descriptor of its own,
/// apart from its clients'. Used on its worker's thread only.
class SharedUpstreams final
{
    Q_DISABLE_COPY_MOVE(SharedUpstreams)

public:
    /// `apis`: the APIs that share, as "context/version" ("/ticker/1.0.0" or "ticker/1.0.0");
    /// `upstreamClosed`: called whenever a shared stream it opened closes, its descriptor given back.
    SharedUpstreams(const QStringList &apis, std::function<void()> upstreamClosed);
    ~SharedUpstreams();

    /// True when clients of `route` share their upstreams and a request with these client headers may
    /// (it asks to resume with Last-Event-ID: that needs a backend stream of its own).
    bool shares(const Route &route, bool resumes) const;
    /// True when a tap for `request` of API `apiId` would open a new shared stream: none is open for it.
    bool opens(const QString &apiId, const UpstreamRequest &request) const;
    /// A tap of the shared stream for `request` of API `apiId`; the first tap's request opens it.
    std::unique_ptr<UpstreamSource> tap(const QString &apiId, const UpstreamRequest &request,
                                        qsizetype maxEventBytes);
    /// Shared streams open now.
    qsizetype size() const { return m_upstreams.size(); }

private:
    static QString normalised(QString contextVersion);
    static QByteArray keyOf(const QString &apiId, const UpstreamRequest &request);

    QSet<QString> m_apis; // "context/version" without leading '/'
    QHash<QByteArray, SharedUpstream *> m_upstreams;
    std::function<void()> m_upstreamClosed;
};

} // namespace sd::gateway
