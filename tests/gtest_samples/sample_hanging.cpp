// A gtest binary with a test that hangs: it starts a child process (`sleep N`, N from
// FIXBENCH_SAMPLE_SLEEP, default 3600) that would outlive it, prints the child's pid,
// then sleeps forever. A runner must kill the whole process tree after its timeout.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <thread>

#include <sys/types.h>
#include <unistd.h>

TEST(Hanging, PassesFirst)
{
    SUCCEED();
}

TEST(Hanging, SleepsForever)
{
    const char *seconds = std::getenv("FIXBENCH_SAMPLE_SLEEP");
    if (!seconds || !*seconds)
        seconds = "3600";
    const pid_t child = ::fork();
    if (child == 0) {
        ::execlp("sleep", "sleep", seconds, static_cast<char *>(nullptr));
        ::_exit(127);
    }
    std::cout << "child pid " << child << std::endl;
    for (;;)
        std::this_thread::sleep_for(std::chrono::seconds(1));
}

TEST(Hanging, NeverRuns)
{
    SUCCEED();
}
