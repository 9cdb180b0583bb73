#include "cli.h"

#include "command.h"
#include "commandcontext.h"
#include "commandline.h"
#include "exitcode.h"
#include "output.h"

#include <csignal>

namespace fixbench {

namespace {

void onSignal(int)
{
    CommandContext::interrupted().store(true);
}

// Where a command's summary starts in `fixbench --help`, and the width it wraps to.
constexpr int kSummaryColumn = 28;
constexpr int kUsageWidth = 90;

// "  synopsis                  summary", the summary wrapped at word boundaries; a
// synopsis too long for its column gets a line of its own.
QString commandLines(const QString &synopsis, const QString &summary)
{
    const QString indent(kSummaryColumn, QLatin1Char(' '));
    const QString head = QStringLiteral("  ") + synopsis;
    QString text = head.size() + 2 <= kSummaryColumn ? head.leftJustified(kSummaryColumn) : head + QLatin1Char('\n') + indent;
    qsizetype column = kSummaryColumn;
    for (const QString &word : summary.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        if (column > kSummaryColumn && column + 1 + word.size() > kUsageWidth) {
            text += QLatin1Char('\n') + indent;
            column = kSummaryColumn;
        }
        if (column > kSummaryColumn) {
            text += QLatin1Char(' ');
            ++column;
        }
        text += word;
        column += word.size();
    }
    return text + QLatin1Char('\n');
}

} // namespace

void Cli::installSignalHandlers()
{
    struct sigaction sa {};
    sa.sa_handler = onSignal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
    sigaction(SIGHUP, &sa, nullptr);
    signal(SIGPIPE, SIG_IGN);
}

QString Cli::usage()
{
    QString commands;
    for (const Command &c : commandTable())
        commands += commandLines(QString::fromLatin1(c.synopsis), tr(c.summary));
    return tr("Usage: fixbench [-w DIR] COMMAND [options]\n"
              "\n"
              "Brings docker compose fixtures up for integration tests, waits until they are\n"
              "ready and hands their connection settings to tests.\n"
              "\n"
              "Commands:\n")
        + commands
        + tr("\n"
             "Global options:\n"
             "  -w, --workspace DIR       workspace root (default: $FIXBENCH_WORKSPACE, or the\n"
             "                            nearest folder upwards holding fixbench.yml)\n"
             "  -h, --help                help; `fixbench COMMAND --help` for a command\n"
             "  -v, --version             version\n"
             "\n")
        + exitCodesHelp();
}

int Cli::run(const QStringList &arguments)
{
    QStringList args = arguments.mid(1);
    QString command;
    QStringList rest;
    for (int i = 0; i < args.size(); ++i) {
        const QString &a = args[i];
        if (command.isEmpty()) {
            if (a == QLatin1String("-w") || a == QLatin1String("--workspace")) {
                if (i + 1 >= args.size()) {
                    err(tr("fixbench: %1 needs a folder").arg(a));
                    return ExitUsage;
                }
                m_workspaceOption = args[++i];
                continue;
            }
            if (a.startsWith(QLatin1String("--workspace="))) {
                m_workspaceOption = a.mid(12);
                continue;
            }
            if (a == QLatin1String("-h") || a == QLatin1String("--help") || a == QLatin1String("help")) {
                out(usage());
                return ExitOk;
            }
            if (a == QLatin1String("-v") || a == QLatin1String("--version")) {
                out(QStringLiteral("fixbench ") + QCoreApplication::applicationVersion());
                return ExitOk;
            }
            if (a.startsWith(QLatin1Char('-'))) {
                err(tr("fixbench: unknown option %1 (options go after the command)\nTry `fixbench --help`.").arg(a));
                return ExitUsage;
            }
            command = a;
            continue;
        }
        rest << a;
    }
    if (command.isEmpty()) {
        out(usage());
        return ExitUsage;
    }
    const Command *row = findCommand(command);
    if (!row) {
        err(tr("fixbench: unknown command `%1`\nTry `fixbench --help`.").arg(command));
        return ExitUsage;
    }
    return runCommand(*row, rest);
}

int Cli::runCommand(const Command &command, const QStringList &args)
{
    if (!command.options) {
        CommandContext ctx(m_workspaceOption, args, nullptr);
        return command.handler(ctx);
    }
    CommandLine line(QString::fromLatin1(command.name));
    command.options(line);
    if (int rc = line.parse(args); rc >= 0)
        return rc;
    CommandContext ctx(m_workspaceOption, args, &line.parser());
    if (int rc = line.check(ctx); rc >= 0)
        return rc;
    if (int rc = ctx.setUp(command.needs, line.workspaceHint()); rc >= 0)
        return rc;
    return command.handler(ctx);
}

} // namespace fixbench
