#pragma once

#include "models/application.h"
#include "models/businessplan.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;

namespace sd::ui {

class MessageLabel;

/// The fields of an application: name (at most 70 characters, with a counter and a problem line),
/// per-token quota, token type and description. Used by the application dialog and the wizard's first
/// step; `problemObjectName` names the problem line for the tests of each.
class ApplicationForm final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApplicationForm)

public:
    ApplicationForm(const QList<models::ApplicationQuota> &quotas, const QString &problemObjectName,
                    QWidget *parent = nullptr);

    models::ApplicationDraft draft() const;
    /// Shows `draft`; a quota that is not offered any more is added so that it stays selected.
    void setDraft(const models::ApplicationDraft &draft);
    void clearName();
    /// The name is valid and a quota is chosen.
    bool isValid() const;
    /// Puts the fields in the tab order right after `previous`; returns the last field.
    QWidget *setTabOrderAfter(QWidget *previous);

Q_SIGNALS:
    void validityChanged(bool valid);
    /// The user changed the name (not emitted for setDraft or clearName).
    void nameEdited();

private:
    void updateName();

    QLineEdit *m_name;
    QLabel *m_nameCount;
    MessageLabel *m_nameProblem;
    QComboBox *m_quota;
    QComboBox *m_tokenType;
    QLineEdit *m_description;
    bool m_valid = false;
};

} // namespace sd::ui
