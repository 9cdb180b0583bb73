// A gtest binary whose tests pass (one is skipped). Some tests print to stdout and
// stderr so that runners can check each test gets its own output.
#include <gtest/gtest.h>

#include <cstdio>
#include <iostream>

TEST(Math, Adds)
{
    EXPECT_EQ(2 + 2, 4);
}

TEST(Math, Multiplies)
{
    EXPECT_EQ(3 * 4, 12);
}

TEST(Output, PrintsToStdout)
{
    std::cout << "hello from stdout" << std::endl;
    std::printf("second stdout line\n");
    SUCCEED();
}

TEST(Output, PrintsToStderr)
{
    std::cerr << "hello from stderr" << std::endl;
    SUCCEED();
}

TEST(Output, PrintsWithoutNewline)
{
    std::printf("no newline at the end");
    std::fflush(stdout);
    SUCCEED();
}

TEST(Skipping, IsSkipped)
{
    GTEST_SKIP() << "not today";
}

TEST(DISABLED_Parked, NeverRuns)
{
    FAIL() << "a disabled test ran";
}

TEST(Math, DISABLED_Divides)
{
    FAIL() << "a disabled test ran";
}
