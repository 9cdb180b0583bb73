// `fixbench debug`: brings up the fixtures a test binary needs (or attaches), runs its
// setup_data hooks, then runs it under gdb in this terminal with exactly the environment,
// working folder and arguments `fixbench run` would use (plus --gtest_break_on_failure);
// when gdb exits, teardown_data and the fixtures are released as after a run.

#include "commandcontext.h"
#include "commandline.h"
#include "commands/commands.h"
#include "exitcode.h"
#include "output.h"
#include "runoptions.h"
#include "run/debuglaunch.h"
#include "run/runpipeline.h"
#include "tr.h"

#include <QFileInfo>
#include <QStandardPaths>

#include <csignal>
#include <cstdlib>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace fixbench {

namespace {

// Runs `program args` in `dir` with `env`, in this process group and on this terminal
// (gdb owns stdin/stdout while it runs); Ctrl-C goes to gdb, not to fixbench. Returns
// its exit code (128 + signal when killed), or an error when it cannot be started.
Result<int> runInTerminal(const QString &program, const QStringList &args, const QString &dir, const QProcessEnvironment &env)
{
    // Everything the child needs is made before fork: after it only exec-safe calls.
    std::vector<std::string> argStrings{program.toStdString()};
    for (const QString &a : args)
        argStrings.push_back(a.toStdString());
    std::vector<std::string> envStrings;
    for (const QString &k : env.keys())
        envStrings.push_back(QString(k + QLatin1Char('=') + env.value(k)).toStdString());
    std::vector<char *> argv, envp;
    for (std::string &s : argStrings)
        argv.push_back(s.data());
    argv.push_back(nullptr);
    for (std::string &s : envStrings)
        envp.push_back(s.data());
    envp.push_back(nullptr);
    const std::string cwd = dir.toStdString();

    struct sigaction ignore {}, oldInt {}, oldQuit {};
    ignore.sa_handler = SIG_IGN;
    sigemptyset(&ignore.sa_mask);
    sigaction(SIGINT, &ignore, &oldInt);
    sigaction(SIGQUIT, &ignore, &oldQuit);
    const pid_t pid = ::fork();
    if (pid == 0) {
        signal(SIGINT, SIG_DFL);
        signal(SIGQUIT, SIG_DFL);
        signal(SIGTERM, SIG_DFL);
        signal(SIGHUP, SIG_DFL);
        signal(SIGPIPE, SIG_DFL);
        if (::chdir(cwd.c_str()) != 0)
            _exit(126);
        ::execve(argv[0], argv.data(), envp.data());
        _exit(127);
    }
    Result<int> result = Error(Error::Kind::Io, Tr::tr("cannot start %1: %2").arg(program, QString::fromLocal8Bit(strerror(errno))));
    if (pid > 0) {
        int status = 0;
        while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
        result = WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
    }
    sigaction(SIGINT, &oldInt, nullptr);
    sigaction(SIGQUIT, &oldQuit, nullptr);
    return result;
}

int check(CommandContext &ctx)
{
    const QCommandLineParser &p = ctx.options();
    if (!envOverrides(p, QStringLiteral("debug")))
        return ExitUsage;
    // BINARY, then what follows `--` (gdb's own arguments).
    const qsizetype dashes = ctx.arguments().indexOf(QStringLiteral("--"));
    const qsizetype passed = dashes < 0 ? 0 : ctx.arguments().size() - dashes - 1;
    if (p.positionalArguments().size() - passed != 1)
        return ctx.usage(Tr::tr("fixbench debug: name exactly one test binary (gdb's own arguments go after `--`)"));
    if (p.isSet(QStringLiteral("batch")) && !QFileInfo(p.value(QStringLiteral("batch"))).isFile())
        return ctx.usage(Tr::tr("fixbench debug: --batch %1: no such file").arg(p.value(QStringLiteral("batch"))));
    return -1;
}

} // namespace

void debugOptions(CommandLine &line)
{
    line.setDescription(Tr::tr("Runs one test binary under gdb in this terminal with exactly the environment, working folder and "
                               "arguments `fixbench run` would give it, plus --gtest_break_on_failure (gdb stops at the failing "
                               "assertion): brings up (or attaches to) its fixtures and runs their setup_data hooks first; when "
                               "gdb exits, runs teardown_data and takes down what it started (unless --keep). Exits with gdb's "
                               "exit code. Arguments after `--` go to gdb."));
    line.addArgument(QStringLiteral("BINARY"), Tr::tr("A test binary: a name from fixbench.yml `tests:` or a path to an executable."));
    line.addArgument(QStringLiteral("GDB-ARGS"), Tr::tr("More gdb arguments (e.g. -nx -q)."), QStringLiteral("[-- GDB-ARGS...]"));
    line.addOption({QStringLiteral("filter"), Tr::tr("Only tests matching this gtest filter."), QStringLiteral("PATTERN")});
    line.addOption({QStringLiteral("catch-throw"), Tr::tr("Also stop where a C++ exception is thrown (gdb `catch throw`).")});
    line.addOption({QStringLiteral("batch"), Tr::tr("Run gdb non-interactively with this command file (gdb -batch -x FILE); "
                                                    "the file starts the program itself (`run`)."),
                    QStringLiteral("FILE")});
    addPlanOptions(line);
    line.setCheck(check);
}

int cmdDebug(CommandContext &ctx)
{
    const QCommandLineParser &p = ctx.options();
    const QString gdb = QStandardPaths::findExecutable(QStringLiteral("gdb"));
    if (gdb.isEmpty())
        return ctx.fail(Error(Error::Kind::NotFound, Tr::tr("gdb is not on PATH; install it (Debian: apt install gdb)")));
    const qsizetype dashes = ctx.arguments().indexOf(QStringLiteral("--"));
    DebugLaunch::GdbOptions gdbOptions;
    gdbOptions.catchThrow = p.isSet(QStringLiteral("catch-throw"));
    gdbOptions.batchFile = p.isSet(QStringLiteral("batch")) ? QFileInfo(p.value(QStringLiteral("batch"))).absoluteFilePath() : QString();
    if (dashes >= 0)
        gdbOptions.extra = ctx.arguments().mid(dashes + 1);

    auto binaries = planBinaries(ctx.workspace(), p.positionalArguments().mid(0, 1), p);
    if (!binaries)
        return ctx.fail(binaries.error());
    const RunPlan plan = planFromOptions(p, *binaries, *envOverrides(p, QStringLiteral("debug")));
    std::optional<TerminalProgress> progress;
    RunPipeline pipeline(ctx.manager(), plan, terminalSteps(progress), &ctx.interrupted());
    if (const int rc = prepareFixtures(ctx, pipeline); rc >= 0)
        return rc;
    auto abort = [&](const Error &e) {
        (void)pipeline.release();
        return ctx.fail(e);
    };

    const TestRun run = pipeline.runs().constFirst();
    auto args = DebugLaunch::gdbArguments(run, gdbOptions);
    if (!args)
        return abort(args.error());
    err(Tr::tr("fixbench debug: gdb on %1 in %2 (%3 variable(s) from fixbench; stops at the first failing assertion)")
            .arg(run.name, run.effectiveWorkingDirectory())
            .arg(run.injectedEnvironment().size()));
    auto rc = runInTerminal(gdb, *args, run.effectiveWorkingDirectory(), run.processEnvironment());
    if (!rc)
        return abort(rc.error());

    RunPipeline::Outcome outcome; // nothing recorded: a debug session is not a run
    pipeline.finish(outcome, false);
    int exitCode = *rc;
    for (const Error &e : std::as_const(outcome.afterErrors))
        exitCode = std::max(exitCode, ctx.fail(e));
    return exitCode;
}

} // namespace fixbench
