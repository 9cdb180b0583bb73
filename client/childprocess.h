#pragma once

// Internal to the in-test client: starting the fixbench CLI as a child process with
// the standard library and POSIX only.

#include <string>
#include <vector>

#include <sys/types.h>

namespace fixbench::testing::detail {

struct ChildProcess {
    pid_t pid = -1;
    int stdinWrite = -1;  // our end of the child's stdin pipe (-1: the child reads /dev/null)
    int stdoutRead = -1;  // our end of the child's stdout pipe (-1: inherited)
    int stderrRead = -1;  // our end of the child's stderr pipe (-1: inherited)

    struct Options {
        bool pipeStdin = false;
        bool pipeStdout = false;
        bool pipeStderr = false;
        bool newProcessGroup = false; // a terminal's Ctrl-C reaches only us, not the child
    };
    // Starts argv[0] (a path) with this process's environment. Every descriptor but
    // 0, 1 and 2 is closed in the child. Throws std::runtime_error with errno's text.
    static ChildProcess start(const std::vector<std::string> &argv, const Options &options);

    // Reads fd until a newline (returned without it) or end of file (returns what
    // came, sets *eof). Bytes after the newline stay in *buffer for the next call.
    static std::string readLine(int fd, std::string *buffer, bool *eof);
    // Reads fd to its end.
    static std::string readAll(int fd);
    // Waits for the child; returns its exit code, or 128 + the signal that killed it.
    int wait();
    void closeStdin();
};

// `name` searched in $PATH ("" when not found).
std::string findOnPath(const std::string &name);
bool isExecutableFile(const std::string &path);

} // namespace fixbench::testing::detail
