#include "commandcontext.h"

#include "exitcode.h"
#include "output.h"
#include "terminalprogress.h"
#include "tr.h"

#include <QDir>

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
    if (!r)
        tp.finish(false, Tr::tr("%1 failed").arg(fixture));
    else
        tp.finish(true, r->attached ? Tr::tr("%1 already up, attached in %2 s").arg(fixture).arg(r->elapsedMs / 1000.0, 0, 'f', 2)
                                    : Tr::tr("%1 ready in %2 s").arg(fixture).arg(r->elapsedMs / 1000.0, 0, 'f', 1));
    return r;
}

Status CommandContext::releaseStarted(QList<UpResult> &started)
{
    Status first;
    for (auto it = started.rbegin(); it != started.rend(); ++it) {
        if (it->fixture.keep)
            continue;
        TerminalProgress tp;
        tp.begin(it->fixture.fixture);
        auto r = manager().releaseStarted(it->fixture, [&](const QString &line) { tp.update(QStringLiteral("down"), line); });
        tp.finish(r.ok(), !r ? r.error().toString() : *r ? Tr::tr("%1 down").arg(it->fixture.fixture)
                                                           : Tr::tr("%1 left up (kept meanwhile)").arg(it->fixture.fixture));
        if (!r && first)
            first = r.error();
    }
    started.clear();
    return first;
}

std::atomic_bool &CommandContext::interrupted()
{
    static std::atomic_bool flag{false};
    return flag;
}

} // namespace fixbench
