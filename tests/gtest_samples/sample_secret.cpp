// A gtest binary that leaks the value of SAMPLE_SECRET everywhere a test can: its
// output, a failure message (console and JSON report), a skip message.
#include <gtest/gtest.h>

#include <cstdlib>
#include <iostream>
#include <string>

namespace {

std::string secret()
{
    const char *value = std::getenv("SAMPLE_SECRET");
    return value ? value : "";
}

} // namespace

TEST(Secret, PrintsAndFailsWithIt)
{
    ASSERT_FALSE(secret().empty()) << "SAMPLE_SECRET is not set";
    std::cout << "the secret is " << secret() << std::endl;
    EXPECT_EQ(secret(), "not the secret");
}

TEST(Secret, SkipsWithIt)
{
    GTEST_SKIP() << "skipped with " << secret();
}
