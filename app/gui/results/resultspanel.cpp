#include "resultspanel.h"

#include "timelineview.h"

#include "editorlauncher.h"
#include "testsmodel.h"

#include <QDir>
#include <QFontDatabase>
#include <QPlainTextEdit>
#include <QTabWidget>
#include <QFutureWatcher>
#include <QScrollArea>
#include <QtConcurrent/QtConcurrentRun>
#include <QTextBrowser>
#include <QUrlQuery>
#include <QVBoxLayout>

namespace fixbench {

namespace {
const char kOpenScheme[] = "fixbench-open";
const char kLogsScheme[] = "fixbench-logs";

// One run of one test: its logs read on demand are kept under this.
QString testKey(const TestResult &r)
{
    return QStringLiteral("%1\n%2\n%3\n%4").arg(r.binary, r.fullName()).arg(r.iteration).arg(r.startMs);
}
QString esc(const QString &s) { return s.toHtmlEscaped(); }
} // namespace

ResultsPanel::ResultsPanel(TestsModel *model, QWidget *parent) : QWidget(parent), m_model(model)
{
    m_editor = new EditorLauncher(this);
    connect(m_editor, &EditorLauncher::launched, this, &ResultsPanel::editorLaunched);
    connect(m_editor, &EditorLauncher::failed, this, &ResultsPanel::editorFailed);
    m_result = new QTextBrowser(this);
    m_result->setObjectName(QStringLiteral("testResultView"));
    m_result->setOpenLinks(false);
    m_result->setOpenExternalLinks(false);
    m_console = new QPlainTextEdit(this);
    m_console->setObjectName(QStringLiteral("runConsole"));
    m_console->setReadOnly(true);
    m_console->setMaximumBlockCount(50000);
    m_console->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_console->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));

    m_tabs = new QTabWidget(this);
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(m_result, tr("Test Result"));
    m_tabs->addTab(m_console, tr("Run Console"));
    m_timeline = new TimelineView(this);
    m_timeline->setObjectName(QStringLiteral("runTimeline"));
    auto *timelineScroll = new QScrollArea(this);
    timelineScroll->setWidget(m_timeline);
    timelineScroll->setWidgetResizable(true);
    m_tabs->addTab(timelineScroll, tr("Run Timeline"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tabs);

    connect(m_result, &QTextBrowser::anchorClicked, this, &ResultsPanel::onLink);
    connect(m_model, &QAbstractItemModel::dataChanged, this, [this](const QModelIndex &tl, const QModelIndex &br) {
        if (m_index.isValid() && m_index.parent() == tl.parent() && m_index.row() >= tl.row() && m_index.row() <= br.row())
            refresh();
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this]() { showIndex(QModelIndex()); });
    refresh();
}

void ResultsPanel::showIndex(const QModelIndex &sourceIndex)
{
    m_index = sourceIndex.sibling(sourceIndex.row(), 0);
    refresh();
}

bool ResultsPanel::openLocation(const QString &file, int line)
{
    return m_editor->open(file, line);
}

void ResultsPanel::onLink(const QUrl &url)
{
    if (url.scheme() == QLatin1String(kLogsScheme)) {
        const TestResult *r = m_index.isValid() ? m_model->resultAt(m_index) : nullptr;
        const auto job = r && m_logReader ? m_logReader(*r) : std::function<QString()>();
        if (!job)
            return;
        const QString key = testKey(*r);
        m_reading.insert(key);
        auto *watcher = new QFutureWatcher<QString>(this);
        connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher, key]() {
            m_reading.remove(key);
            m_readLogs.insert(key, watcher->result());
            watcher->deleteLater();
            refresh();
        });
        watcher->setFuture(QtConcurrent::run(job));
        refresh();
        return;
    }
    if (url.scheme() != QLatin1String(kOpenScheme))
        return;
    const QUrlQuery q(url);
    openLocation(q.queryItemValue(QStringLiteral("file"), QUrl::FullyDecoded), q.queryItemValue(QStringLiteral("line")).toInt());
}

void ResultsPanel::showConsole()
{
    m_tabs->setCurrentWidget(m_console);
}

void ResultsPanel::clearConsole()
{
    m_console->clear();
    m_binariesSeen.clear();
}

void ResultsPanel::appendOutput(const QString &binary, const QStringList &lines)
{
    if (!m_binariesSeen.contains(binary)) {
        m_binariesSeen << binary;
        m_console->appendPlainText(QStringLiteral("━━ %1 ━━").arg(binary));
    }
    m_console->appendPlainText(lines.join(QLatin1Char('\n')));
}

void ResultsPanel::refresh()
{
    if (!m_index.isValid()) {
        m_result->setHtml(QStringLiteral("<p style='color:gray'>%1</p>").arg(esc(tr("Select a test to see its result."))));
        return;
    }
    auto link = [](const QString &file, int line) {
        QUrl url;
        url.setScheme(QLatin1String(kOpenScheme));
        url.setPath(QStringLiteral("/"));
        QUrlQuery q;
        q.addQueryItem(QStringLiteral("file"), QString::fromUtf8(QUrl::toPercentEncoding(file)));
        q.addQueryItem(QStringLiteral("line"), QString::number(line));
        url.setQuery(q);
        const QString text = line > 0 ? QStringLiteral("%1:%2").arg(file).arg(line) : file;
        return QStringLiteral("<a href=\"%1\">%2</a>").arg(esc(url.toString(QUrl::FullyEncoded)), esc(text));
    };
    QString html;
    const int kind = m_index.data(TestsModel::KindRole).toInt();
    const QString status = m_model->index(m_index.row(), TestsModel::StatusColumn, m_index.parent()).data().toString();
    const QString duration = m_model->index(m_index.row(), TestsModel::DurationColumn, m_index.parent()).data().toString();
    if (kind == TestsModel::TestKind) {
        const QString full = m_index.data(TestsModel::FullNameRole).toString();
        html += QStringLiteral("<h3>%1</h3>").arg(esc(full));
        html += QStringLiteral("<p><b>%1</b>%2</p>").arg(esc(status.isEmpty() ? tr("not run yet") : status),
                                                       duration.isEmpty() ? QString() : QStringLiteral(" · ") + esc(duration));
        const QString file = m_index.data(TestsModel::FileRole).toString();
        if (!file.isEmpty())
            html += QStringLiteral("<p>%1 %2</p>").arg(esc(tr("Defined at")), link(file, m_index.data(TestsModel::LineRole).toInt()));
        if (const TestResult *r = m_model->resultAt(m_index)) {
            if (!r->message.isEmpty())
                html += QStringLiteral("<p>%1</p>").arg(esc(r->message));
            for (const TestFailure &f : r->failures) {
                html += QStringLiteral("<p>%1</p>").arg(f.file.isEmpty() ? esc(tr("Failure")) : link(f.file, f.line));
                html += QStringLiteral("<pre style='color:#c62828'>%1</pre>").arg(esc(f.message));
            }
            // The server's side of the failure: what the binary's fixtures logged while it ran.
            const QString logsTitle = tr("Fixture logs (UTC, from its start to its end ± 1 s)");
            const QString key = testKey(*r);
            if (!r->fixtureLog.isEmpty())
                html += QStringLiteral("<h4>%1</h4><pre>%2</pre>").arg(esc(logsTitle), esc(r->fixtureLog));
            else if (m_readLogs.contains(key))
                html += QStringLiteral("<h4>%1</h4><pre>%2</pre>").arg(esc(logsTitle), esc(m_readLogs.value(key)));
            else if (m_reading.contains(key))
                html += QStringLiteral("<p style='color:gray'>%1</p>").arg(esc(tr("Reading its fixtures' logs…")));
            else if (m_logReader && r->startMs >= 0 && r->endMs >= 0 && m_logReader(*r))
                html += QStringLiteral("<p><a href=\"%1:read\">%2</a></p>")
                            .arg(QLatin1String(kLogsScheme), esc(tr("Show the lines its fixtures logged while it ran")));
            if (!r->output.isEmpty())
                html += QStringLiteral("<h4>%1</h4><pre>%2</pre>").arg(esc(tr("Output")), esc(r->output));
        }
    } else if (kind == TestsModel::BinaryKind) {
        const QString name = m_index.data(TestsModel::BinaryRole).toString();
        html += QStringLiteral("<h3>%1</h3>").arg(esc(name));
        if (const TestBinarySpec *spec = m_model->binarySpec(name)) {
            html += QStringLiteral("<p>%1</p>").arg(esc(QDir::toNativeSeparators(spec->path)));
            if (!spec->fixtures.isEmpty())
                html += QStringLiteral("<p>%1</p>").arg(esc(tr("Fixtures: %1").arg(spec->fixtures.join(QStringLiteral(", ")))));
        }
        if (!status.isEmpty())
            html += QStringLiteral("<p><b>%1</b>%2</p>").arg(esc(status), duration.isEmpty() ? QString() : QStringLiteral(" · ") + esc(duration));
        const QString error = m_index.data(TestsModel::ErrorRole).toString();
        if (!error.isEmpty())
            html += QStringLiteral("<pre style='color:#c62828'>%1</pre>").arg(esc(error));
        if (const BinaryReport *r = m_model->lastReport(name)) {
            html += QStringLiteral("<p>%1</p>").arg(esc(tr("Command: %1 %2").arg(r->path, r->arguments.join(QLatin1Char(' ')))));
            if (r->seed)
                html += QStringLiteral("<p>%1</p>").arg(esc(tr("Shuffle seed: %1").arg(*r->seed)));
            if (r->signal)
                html += QStringLiteral("<p>%1</p>").arg(esc(tr("Killed by signal %1").arg(r->signal)));
            else if (r->exitCode)
                html += QStringLiteral("<p>%1</p>").arg(esc(tr("Exit code %1").arg(r->exitCode)));
        }
    } else {
        html += QStringLiteral("<h3>%1</h3><p><b>%2</b>%3</p>")
                    .arg(esc(m_index.data(TestsModel::SuiteRole).toString()), esc(status),
                         duration.isEmpty() ? QString() : QStringLiteral(" · ") + esc(duration));
    }
    m_result->setHtml(html);
}

} // namespace fixbench
