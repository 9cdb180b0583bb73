#include "cli.h"

namespace fixbench {

int Cli::cmdFtp(const QStringList &)
{
    err(tr("fixbench ftp: not built yet"));
    return ExitUsage;
}

} // namespace fixbench
