#pragma once

#include "gateway/relay/upstreamsource.h"

#include <QHash>
#include <QSet>
#include <QStringList>
#include <memory>

namespace sd::gateway {

class SharedUpstream;
struct Route;

/// The shared backend streams of one worker thread, keyed by their identity (API and upstream URL with
/// path and query): hands each client of an API that shares its upstreams a tap of the stream open for the
/// same request, opening one when there is none. Used on its worker's thread only.
class SharedUpstreams final
{
    Q_DISABLE_COPY_MOVE(SharedUpstreams)

public:
    /// `apis`: the APIs that share, as "context/version" ("/ticker/1.0.0" or "ticker/1.0.0").
    explicit SharedUpstreams(const QStringList &apis);
    ~SharedUpstreams();

    /// True when clients of `route` share their upstreams and a request with these client headers may
    /// (it asks to resume with Last-Event-ID: that needs a backend stream of its own).
    bool shares(const Route &route, bool resumes) const;
    /// A tap of the shared stream for `request` of API `apiId`; the first tap's request opens it.
    std::unique_ptr<UpstreamSource> tap(const QString &apiId, const UpstreamRequest &request,
                                        qsizetype maxEventBytes);
    /// Shared streams open now.
    qsizetype size() const { return m_upstreams.size(); }

private:
    static QString normalised(QString contextVersion);

    QSet<QString> m_apis; // "context/version" without leading '/'
    QHash<QByteArray, SharedUpstream *> m_upstreams;
};

} // namespace sd::gateway
