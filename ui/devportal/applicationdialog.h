#pragma once

#include "models/application.h"
#include "models/businessplan.h"

#include <QDialog>
#include <functional>
#include <optional>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace sd::ui {

class MessageLabel;

/// Creates or edits an application: name (at most 70 characters), per-token quota, token type and
/// description, filled into an ApplicationDraft. OK hands the draft to `submit`; an error it returns is
/// shown in the dialog, which stays open so the user can correct the field.
class ApplicationDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApplicationDialog)

public:
    /// Returns an empty string on success, else what went wrong in plain words.
    using Submit = std::function<QString(const models::ApplicationDraft &draft)>;

    /// `existing` empty: a new application.
    ApplicationDialog(const QList<models::ApplicationQuota> &quotas,
                      const std::optional<models::Application> &existing, Submit submit,
                      QWidget *parent = nullptr);

    models::ApplicationDraft draft() const;

private:
    void updateControls();
    void submit();

    Submit m_submit;
    QLineEdit *m_name;
    QLabel *m_nameCount;
    MessageLabel *m_nameProblem;
    QComboBox *m_quota;
    QComboBox *m_tokenType;
    QLineEdit *m_description;
    MessageLabel *m_error;
    QDialogButtonBox *m_buttons;
    QPushButton *m_ok;
};

} // namespace sd::ui
