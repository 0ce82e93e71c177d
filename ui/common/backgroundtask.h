#pragma once

#include <QFuture>
#include <QPromise>
#include <QThreadPool>
#include <memory>
#include <type_traits>

namespace sd::ui {

/// Runs `work` on the global thread pool and returns its future. Continue with
/// `future.then(context, ...)`: the continuation runs on the context's thread and is dropped with the
/// context. For calls too slow for the GUI thread, such as PBKDF2 password checks.
template <typename Work> auto runInBackground(Work work) -> QFuture<std::invoke_result_t<Work>>
{
    using T = std::invoke_result_t<Work>;
    auto promise = std::make_shared<QPromise<T>>();
    auto future = promise->future();
    promise->start();
    QThreadPool::globalInstance()->start([promise, work = std::move(work)]() mutable {
        promise->addResult(work());
        promise->finish();
    });
    return future;
}

} // namespace sd::ui
