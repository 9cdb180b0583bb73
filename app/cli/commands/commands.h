#pragma once

namespace fixbench {

class CommandContext;
class CommandLine;

// One file per command (cmd_NAME.cpp): NAMEOptions declares its command line, cmdNAME
// runs it. The table in commandtable.cpp names them.
void listOptions(CommandLine &line);
int cmdList(CommandContext &ctx);
void upOptions(CommandLine &line);
int cmdUp(CommandContext &ctx);
void downOptions(CommandLine &line);
int cmdDown(CommandContext &ctx);
void statusOptions(CommandLine &line);
int cmdStatus(CommandContext &ctx);
void envOptions(CommandLine &line);
int cmdEnv(CommandContext &ctx);
void logsOptions(CommandLine &line);
int cmdLogs(CommandContext &ctx);
void hookOptions(CommandLine &line);
int cmdHook(CommandContext &ctx);
void keepOptions(CommandLine &line);
int cmdKeep(CommandContext &ctx);
int cmdFtp(CommandContext &ctx); // parses its sub-commands itself
void runOptions(CommandLine &line);
int cmdRun(CommandContext &ctx);
void reportOptions(CommandLine &line);
int cmdReport(CommandContext &ctx);
void debugOptions(CommandLine &line);
int cmdDebug(CommandContext &ctx);
void pruneOptions(CommandLine &line);
int cmdPrune(CommandContext &ctx);
void releaseOptions(CommandLine &line);
int cmdRelease(CommandContext &ctx);
void reaperOptions(CommandLine &line);
int cmdReaper(CommandContext &ctx);
void doctorOptions(CommandLine &line);
int cmdDoctor(CommandContext &ctx);
void initOptions(CommandLine &line);
int cmdInit(CommandContext &ctx);
void newOptions(CommandLine &line);
int cmdNew(CommandContext &ctx);

} // namespace fixbench
