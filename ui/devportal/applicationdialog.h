#pragma once

#include "models/application.h"
#include "models/businessplan.h"

#include <QDialog>
#include <functional>
#include <optional>

class QDialogButtonBox;
class QPushButton;

namespace sd::ui {

class ApplicationForm;
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
    void submit();

    Submit m_submit;
    ApplicationForm *m_form;
    MessageLabel *m_error;
    QDialogButtonBox *m_buttons;
    QPushButton *m_ok;
};

} // namespace sd::ui
