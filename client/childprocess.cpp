#include "childprocess.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <thread>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

namespace fixbench::testing::detail {

namespace {

void closeFd(int &fd)
{
    if (fd >= 0)
        ::close(fd);
    fd = -1;
}

struct Pipe {
    int fd[2] = {-1, -1};
    Pipe()
    {
        if (::pipe2(fd, O_CLOEXEC) != 0)
            throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
    }
};

} // namespace

bool isExecutableFile(const std::string &path)
{
    struct stat st {};
    return !path.empty() && ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

std::string findOnPath(const std::string &name)
{
    const char *path = std::getenv("PATH");
    std::string dirs = path ? path : "/usr/local/bin:/usr/bin:/bin";
    std::size_t start = 0;
    while (start <= dirs.size()) {
        const std::size_t end = dirs.find(':', start);
        std::string dir = dirs.substr(start, end == std::string::npos ? std::string::npos : end - start);
        if (dir.empty())
            dir = ".";
        const std::string candidate = dir + "/" + name;
        if (isExecutableFile(candidate))
            return candidate;
        if (end == std::string::npos)
            break;
        start = end + 1;
    }
    return {};
}

ChildProcess ChildProcess::start(const std::vector<std::string> &argv, const Options &options)
{
    ChildProcess child;
    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attr;
    posix_spawn_file_actions_init(&actions);
    posix_spawnattr_init(&attr);
    Pipe in, out, err;
    if (options.pipeStdin)
        posix_spawn_file_actions_adddup2(&actions, in.fd[0], 0);
    else
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    if (options.pipeStdout)
        posix_spawn_file_actions_adddup2(&actions, out.fd[1], 1);
    if (options.pipeStderr)
        posix_spawn_file_actions_adddup2(&actions, err.fd[1], 2);
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
    // Sockets or files the test opened must not be held by a long-lived child.
    posix_spawn_file_actions_addclosefrom_np(&actions, 3);
#endif
    short flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF;
    sigset_t none, defaults;
    sigemptyset(&none);
    sigemptyset(&defaults);
    for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGPIPE, SIGCHLD})
        sigaddset(&defaults, sig);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &defaults);
    if (options.newProcessGroup) {
        flags |= POSIX_SPAWN_SETPGROUP;
        posix_spawnattr_setpgroup(&attr, 0);
    }
    posix_spawnattr_setflags(&attr, flags);

    std::vector<char *> args;
    for (const std::string &a : argv)
        args.push_back(const_cast<char *>(a.c_str()));
    args.push_back(nullptr);
    const int rc = ::posix_spawn(&child.pid, argv.at(0).c_str(), &actions, &attr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    closeFd(in.fd[0]);
    closeFd(out.fd[1]);
    closeFd(err.fd[1]);
    if (rc != 0) {
        closeFd(in.fd[1]);
        closeFd(out.fd[0]);
        closeFd(err.fd[0]);
        throw std::runtime_error("cannot start " + argv.at(0) + ": " + std::strerror(rc));
    }
    if (options.pipeStdin)
        child.stdinWrite = in.fd[1];
    else
        closeFd(in.fd[1]);
    if (options.pipeStdout)
        child.stdoutRead = out.fd[0];
    else
        closeFd(out.fd[0]);
    if (options.pipeStderr)
        child.stderrRead = err.fd[0];
    else
        closeFd(err.fd[0]);
    return child;
}

std::string ChildProcess::readLine(int fd, std::string *buffer, bool *eof)
{
    *eof = false;
    for (;;) {
        const std::size_t nl = buffer->find('\n');
        if (nl != std::string::npos) {
            std::string line = buffer->substr(0, nl);
            buffer->erase(0, nl + 1);
            return line;
        }
        char chunk[4096];
        const ssize_t n = ::read(fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            *eof = true;
            std::string rest = *buffer;
            buffer->clear();
            return rest;
        }
        buffer->append(chunk, std::size_t(n));
    }
}

std::string ChildProcess::readAll(int fd)
{
    std::string out;
    char chunk[4096];
    for (;;) {
        const ssize_t n = ::read(fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return out;
        out.append(chunk, std::size_t(n));
    }
}

void ChildProcess::closeStdin()
{
    closeFd(stdinWrite);
}

int ChildProcess::wait()
{
    if (pid <= 0)
        return -1;
    closeFd(stdoutRead);
    closeFd(stderrRead);
    int status = 0;
    for (;;) {
        const pid_t r = ::waitpid(pid, &status, 0);
        if (r == pid)
            break;
        if (r < 0 && errno == EINTR)
            continue;
        // ECHILD: someone else reaps children (SIGCHLD ignored, a Qt event loop):
        // wait until the process is gone.
        while (::kill(pid, 0) == 0)
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        pid = -1;
        return -1;
    }
    pid = -1;
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    if (WIFSIGNALED(status))
        return 128 + WTERMSIG(status);
    return -1;
}

} // namespace fixbench::testing::detail
