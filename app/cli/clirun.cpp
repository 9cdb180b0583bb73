#include "cli.h"

namespace fixbench {

int Cli::cmdRun(const QStringList &)
{
    err(tr("fixbench run: not built yet"));
    return ExitUsage;
}

} // namespace fixbench
