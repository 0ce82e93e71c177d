#pragma once

#include <QString>

class QWidget;

namespace sd::ui {

/// File dialogs of the publisher pages, behind a seam that tests answer in advance.
class FileChooser final
{
public:
    FileChooser() = delete;

    /// An empty string when the user cancelled.
    static QString openFileName(QWidget *parent, const QString &caption, const QString &filter);
    static QString saveFileName(QWidget *parent, const QString &caption, const QString &suggestedName,
                                const QString &filter);

    /// Tests: the next dialog is not shown and returns `path` (empty: cancelled).
    static void setNextAnswer(const QString &path);
};

} // namespace sd::ui
