#include "cli.h"

#include <QCoreApplication>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("fixbench"));
    QCoreApplication::setApplicationVersion(QStringLiteral(FIXBENCH_VERSION));
    fixbench::Cli::installSignalHandlers();
    fixbench::Cli cli;
    return cli.run(QCoreApplication::arguments());
}
