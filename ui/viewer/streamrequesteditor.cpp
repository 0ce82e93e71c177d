#include "ui/viewer/streamrequesteditor.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace sd::ui {

namespace {
constexpr int visibleHeaderRows = 3;
}

StreamRequestEditor::StreamRequestEditor(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("streamRequestEditor"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);

    m_urlRow = new QHBoxLayout;
    m_method = new QComboBox(this);
    m_method->setObjectName(QStringLiteral("streamMethod"));
    m_method->setAccessibleName(tr("HTTP method"));
    m_method->setToolTip(tr("GET, or POST with a body for streaming APIs that take one"));
    m_method->addItem(QStringLiteral("GET"));
    m_method->addItem(QStringLiteral("POST"));
    auto *urlLabel = new QLabel(tr("&URL:"), this);
    m_url = new QLineEdit(this);
    m_url->setObjectName(QStringLiteral("streamUrl"));
    m_url->setAccessibleName(tr("Stream URL"));
    m_url->setPlaceholderText(tr("https://localhost:8243/observer/1.0.0/memory"));
    m_url->setClearButtonEnabled(true);
    urlLabel->setBuddy(m_url);
    m_urlRow->addWidget(m_method);
    m_urlRow->addWidget(urlLabel);
    m_urlRow->addWidget(m_url, 1);
    layout->addLayout(m_urlRow);

    auto *details = new QHBoxLayout;
    auto *headersColumn = new QVBoxLayout;
    auto *headersLabel = new QLabel(tr("Hea&ders:"), this);
    m_headers = new QTableWidget(0, 2, this);
    m_headers->setObjectName(QStringLiteral("streamHeaders"));
    m_headers->setAccessibleName(tr("Request headers"));
    m_headers->setHorizontalHeaderLabels({tr("Name"), tr("Value")});
    m_headers->horizontalHeader()->setStretchLastSection(true);
    m_headers->setColumnWidth(0, 160);
    m_headers->verticalHeader()->setVisible(false);
    m_headers->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_headers->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    m_headers->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_headers->setSelectionMode(QAbstractItemView::SingleSelection);
    m_headers->setFixedHeight(m_headers->horizontalHeader()->sizeHint().height() +
                              visibleHeaderRows * m_headers->verticalHeader()->defaultSectionSize() + 4);
    headersLabel->setBuddy(m_headers);
    m_addHeader = new QPushButton(tr("&Add"), this);
    m_addHeader->setObjectName(QStringLiteral("addHeaderButton"));
    m_addHeader->setAccessibleName(tr("Add header"));
    m_removeHeader = new QPushButton(tr("Remo&ve"), this);
    m_removeHeader->setObjectName(QStringLiteral("removeHeaderButton"));
    m_removeHeader->setAccessibleName(tr("Remove header"));
    m_removeHeader->setEnabled(false);
    auto *headerRow = new QHBoxLayout;
    auto *headerButtons = new QVBoxLayout;
    headerButtons->addWidget(m_addHeader);
    headerButtons->addWidget(m_removeHeader);
    headerButtons->addStretch();
    headerRow->addWidget(m_headers, 1);
    headerRow->addLayout(headerButtons);
    headersColumn->addWidget(headersLabel);
    headersColumn->addLayout(headerRow);
    details->addLayout(headersColumn, 3);

    auto *bodyColumn = new QVBoxLayout;
    m_bodyLabel = new QLabel(tr("&Body:"), this);
    m_body = new QPlainTextEdit(this);
    m_body->setObjectName(QStringLiteral("streamBody"));
    m_body->setAccessibleName(tr("Request body"));
    m_body->setPlaceholderText(tr("Sent with POST, for example {\"prompt\": \"...\"}"));
    m_body->setTabChangesFocus(true);
    m_body->setFixedHeight(m_headers->height());
    m_bodyLabel->setBuddy(m_body);
    bodyColumn->addWidget(m_bodyLabel);
    bodyColumn->addWidget(m_body);
    details->addLayout(bodyColumn, 2);

    m_options = new QFormLayout;
    m_lastEventId = new QLineEdit(this);
    m_lastEventId->setObjectName(QStringLiteral("lastEventId"));
    m_lastEventId->setAccessibleName(tr("Last-Event-ID"));
    m_lastEventId->setPlaceholderText(tr("Sent on the first connection"));
    m_options->addRow(tr("Last-Event-&ID:"), m_lastEventId);
    auto *optionsColumn = new QVBoxLayout;
    optionsColumn->addLayout(m_options);
    optionsColumn->addStretch();
    details->addLayout(optionsColumn, 2);
    layout->addLayout(details);

    setTabOrder(m_method, m_url);
    setTabOrder(m_url, m_headers);
    setTabOrder(m_headers, m_addHeader);
    setTabOrder(m_addHeader, m_removeHeader);
    setTabOrder(m_removeHeader, m_body);
    setTabOrder(m_body, m_lastEventId);

    connect(m_method, &QComboBox::currentIndexChanged, this, &StreamRequestEditor::updateBodyVisibility);
    connect(m_url, &QLineEdit::returnPressed, this, &StreamRequestEditor::submitted);
    connect(m_url, &QLineEdit::textChanged, this, &StreamRequestEditor::urlChanged);
    connect(m_addHeader, &QPushButton::clicked, this, [this] {
        addHeader({}, {});
        const int row = m_headers->rowCount() - 1;
        m_headers->setCurrentCell(row, 0);
        m_headers->setFocus();
        m_headers->editItem(m_headers->item(row, 0));
    });
    connect(m_removeHeader, &QPushButton::clicked, this, [this] {
        const int row = m_headers->currentRow();
        if (row >= 0)
            m_headers->removeRow(row);
    });
    connect(m_headers, &QTableWidget::currentCellChanged, this,
            [this](int row) { m_removeHeader->setEnabled(row >= 0); });
    updateBodyVisibility();
}

void StreamRequestEditor::addHeader(const QString &name, const QString &value)
{
    const int row = m_headers->rowCount();
    m_headers->insertRow(row);
    m_headers->setItem(row, 0, new QTableWidgetItem(name));
    m_headers->setItem(row, 1, new QTableWidgetItem(value));
}

void StreamRequestEditor::updateBodyVisibility()
{
    const bool post = m_method->currentText() == QLatin1String("POST");
    m_bodyLabel->setVisible(post);
    m_body->setVisible(post);
}

void StreamRequestEditor::setRequest(const gateway::StreamRequest &request)
{
    const int method = m_method->findText(QString::fromLatin1(request.method.toUpper()));
    m_method->setCurrentIndex(qMax(0, method));
    m_url->setText(request.url.toString());
    m_headers->setRowCount(0);
    for (const auto &[name, value] : request.headers)
        addHeader(QString::fromLatin1(name), QString::fromUtf8(value));
    m_body->setPlainText(QString::fromUtf8(request.body));
    m_lastEventId->setText(request.lastEventId);
    m_title = request.title;
}

gateway::StreamRequest StreamRequestEditor::request() const
{
    gateway::StreamRequest request;
    request.method = m_method->currentText().toLatin1();
    request.url = QUrl::fromUserInput(m_url->text().trimmed());
    for (int row = 0; row < m_headers->rowCount(); ++row) {
        const auto *name = m_headers->item(row, 0);
        const auto *value = m_headers->item(row, 1);
        if (!name || name->text().trimmed().isEmpty())
            continue;
        request.headers.append(
            {name->text().trimmed().toLatin1(), value ? value->text().toUtf8() : QByteArray()});
    }
    if (request.method == "POST")
        request.body = m_body->toPlainText().toUtf8();
    request.lastEventId = m_lastEventId->text().trimmed();
    request.title = m_title;
    return request;
}

void StreamRequestEditor::addToUrlRow(QWidget *widget)
{
    m_urlRow->addWidget(widget);
}

void StreamRequestEditor::addToOptions(QWidget *widget, const QString &label)
{
    if (label.isEmpty())
        m_options->addRow(widget);
    else
        m_options->addRow(label, widget);
}

QWidget *StreamRequestEditor::lastInTabOrder() const
{
    return m_lastEventId;
}

} // namespace sd::ui
