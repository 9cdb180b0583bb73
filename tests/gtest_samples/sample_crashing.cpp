// A gtest binary that crashes in the middle: Crashing.Segfault raises SIGSEGV and
// Crashing.Abort calls abort(). Tests after the crash never run.
#include <gtest/gtest.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>

TEST(BeforeCrash, Passes)
{
    SUCCEED();
}

TEST(Crashing, Segfault)
{
    std::cerr << "about to crash" << std::endl;
    std::raise(SIGSEGV);
}

TEST(Crashing, Abort)
{
    std::cerr << "about to abort" << std::endl;
    std::abort();
}

TEST(AfterCrash, NeverRuns)
{
    SUCCEED();
}
