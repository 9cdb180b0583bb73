// A gtest binary whose test prints gtest's own `[       OK ]` line for itself and then
// crashes: the console line alone must not make it a pass. The tests after it never run.
#include <gtest/gtest.h>

#include <csignal>
#include <cstdio>

TEST(FakeOk, Passes)
{
    SUCCEED();
}

TEST(FakeOk, PrintsOkThenCrashes)
{
    std::printf("[       OK ] FakeOk.PrintsOkThenCrashes (0 ms)\n");
    std::fflush(stdout);
    std::raise(SIGSEGV);
}

TEST(FakeOk, NeverRuns)
{
    SUCCEED();
}

TEST(Later, NeverRunsEither)
{
    SUCCEED();
}
