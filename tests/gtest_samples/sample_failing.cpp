// A gtest binary with passing and failing tests: assertion failures with multi-line
// messages, several failures in one test, an uncaught exception, output around them.
#include <gtest/gtest.h>

#include <iostream>
#include <stdexcept>
#include <string>

TEST(Failing, PassesFirst)
{
    EXPECT_TRUE(true);
}

TEST(Failing, ExpectEq)
{
    std::cout << "before the failure" << std::endl;
    const int answer = 41;
    EXPECT_EQ(answer, 42) << "the answer is wrong";
    std::cout << "after the failure" << std::endl;
}

TEST(Failing, TwoFailures)
{
    EXPECT_EQ(std::string("a"), std::string("b"));
    ASSERT_TRUE(false) << "<xml & \"quotes\"> ]]> end";
}

TEST(Failing, ThrowsException)
{
    throw std::runtime_error("boom from the test body");
}

TEST(Passing, StillPasses)
{
    SUCCEED();
}
