#pragma once

#include "run/binaryreport.h"

#include <QList>
#include <QString>

namespace fixbench {

class CommandContext;

// --junit FILE / --json FILE of `run` and `report merge`: writes those the command line
// asks for; a file that cannot be written is reported. Returns ExitOk, else the exit
// code of the failure.
int writeReportFiles(CommandContext &ctx, const QList<BinaryReport> &reports, const RunSummary &summary, const QString &junitName);

} // namespace fixbench
