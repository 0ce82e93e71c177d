#include "ui/common/filechooser.h"

#include <QFileDialog>
#include <optional>

namespace sd::ui {

namespace {

std::optional<QString> s_nextAnswer;

std::optional<QString> takeAnswer()
{
    auto answer = s_nextAnswer;
    s_nextAnswer.reset();
    return answer;
}

} // namespace

QString FileChooser::openFileName(QWidget *parent, const QString &caption, const QString &filter)
{
    if (auto answer = takeAnswer())
        return *answer;
    return QFileDialog::getOpenFileName(parent, caption, {}, filter);
}

QString FileChooser::saveFileName(QWidget *parent, const QString &caption, const QString &suggestedName,
                                  const QString &filter)
{
    if (auto answer = takeAnswer())
        return *answer;
    return QFileDialog::getSaveFileName(parent, caption, suggestedName, filter);
}

void FileChooser::setNextAnswer(const QString &path)
{
    s_nextAnswer = path;
}

} // namespace sd::ui
