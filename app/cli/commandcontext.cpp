#include "commandcontext.h"

#include "exitcode.h"
#include "output.h"
#include "terminalprogress.h"
#include "tr.h"

#include <QDir>

#include <optional>

namespace fixbench {

CommandContext::CommandContext(const QString &workspaceOption, const QStringList &arguments, const QCommandLineParser *line)
    : m_workspaceOption(workspaceOption), m_arguments(arguments), m_line(line)
{
}

CommandContext::~CommandContext() = default;

Result<Workspace> CommandContext::resolveWorkspace() const
{
    QString dir = m_workspaceOption;
    if (dir.isEmpty())
        dir = qEnvironmentVariable("FIXBENCH_WORKSPACE");
    if (!dir.isEmpty())
        return Workspace::load(QDir(dir).absolutePath());
    return Workspace::discover(QDir::currentPath());
}

int CommandContext::setUp(Needs needs, const QString &hint)
{
    if (needs == Needs::Nothing)
        return -1;
    auto ws = resolveWorkspace();
    if (!ws) {
        Error e = ws.error();
        if (e.kind == Error::Kind::NotFound)
            e.message += hint;
        return fail(e);
    }
    m_workspace = *ws;
    if (needs == Needs::Manager)
        m_manager = std::make_unique<FixtureManager>(*m_workspace);
    return -1;
}

void CommandContext::answerErrorsAsJson(QJsonDocument::JsonFormat format) { m_jsonErrors = format; }

int CommandContext::fail(const Error &e) { return fail(e, exitCodeFor(e)); }

int CommandContext::fail(const Error &e, int exitCode)
{
    err(QStringLiteral("fixbench: ") + e.toString());
    if (m_jsonErrors)
        out(QString::fromUtf8(QJsonDocument(machineError(e, exitCode)).toJson(*m_jsonErrors)).trimmed());
    return exitCode;
}

int CommandContext::usage(const QString &message) const
{
    err(message);
    return ExitUsage;
}

Result<UpResult> CommandContext::up(const QString &fixture, UpOptions options)
{
    TerminalProgress tp;
    tp.begin(fixture);
    options.progress = [&](const QString &step, const QString &line) { tp.update(step, line); };
    options.cancel = &interrupted();
    auto r = manager().up(fixture, options);
    tp.finish(r.ok(), r ? r->summary() : Tr::tr("%1 failed").arg(fixture));
    return r;
}

Status CommandContext::release(QList<UpResult> &held)
{
    std::optional<TerminalProgress> tp;
    FixtureManager::ReleaseCallbacks cb;
    cb.began = [&](const QString &fixture) {
        tp.emplace();
        tp->begin(fixture);
    };
    cb.progress = [&](const QString &, const QString &line) { tp->update(QStringLiteral("down"), line); };
    cb.finished = [&](const QString &, const Status &result, const QString &summary) {
        tp->finish(result.ok(), summary);
        tp.reset();
    };
    return manager().releaseAll(held, cb);
}

std::atomic_bool &CommandContext::interrupted()
{
    static std::atomic_bool flag{false};
    return flag;
}

} // namespace fixbench
