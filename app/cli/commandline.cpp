#include "commandline.h"

#include "exitcode.h"
#include "output.h"
#include "tr.h"

namespace fixbench {

CommandLine::CommandLine(const QString &command) : m_command(command) {}

void CommandLine::setDescription(const QString &description) { m_description = description; }

void CommandLine::addOption(const QCommandLineOption &option) { m_parser.addOption(option); }

void CommandLine::addInstanceOption()
{
    m_parser.addOption({QStringLiteral("instance"), Tr::tr("Instance name, to run several copies of one fixture."),
                        QStringLiteral("NAME")});
}

void CommandLine::addArgument(const QString &name, const QString &description, const QString &syntax)
{
    m_parser.addPositionalArgument(name, description, syntax);
}

void CommandLine::expectArguments(int min, int max, const QString &message)
{
    m_minArguments = min;
    m_maxArguments = max;
    m_argumentsMessage = message;
}

void CommandLine::setCheck(Check check) { m_check = std::move(check); }

void CommandLine::setWorkspaceHint(const QString &hint) { m_workspaceHint = hint; }

int CommandLine::parse(const QStringList &args)
{
    m_parser.setApplicationDescription(m_description + QStringLiteral("\n\n") + exitCodesHelp());
    m_parser.addHelpOption();
    QStringList argv{QStringLiteral("fixbench ") + m_command};
    argv += args;
    if (!m_parser.parse(argv)) {
        err(Tr::tr("fixbench %1: %2\nTry `fixbench %1 --help`.").arg(m_command, m_parser.errorText()));
        return ExitUsage;
    }
    if (m_parser.isSet(QStringLiteral("help"))) {
        out(m_parser.helpText());
        return ExitOk;
    }
    return -1;
}

int CommandLine::check(CommandContext &ctx) const
{
    const qsizetype n = m_parser.positionalArguments().size();
    if (n < m_minArguments || (m_maxArguments >= 0 && n > m_maxArguments)) {
        err(m_argumentsMessage);
        return ExitUsage;
    }
    return m_check ? m_check(ctx) : -1;
}

} // namespace fixbench
