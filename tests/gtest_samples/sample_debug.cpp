// For `fixbench debug`: a test that reads a variable a fixture injects (echo_server's
// ECHO_GREETING, "hello") and fails on it, so that gdb stops at the failing assertion
// with the fixture's environment; one that throws, for --catch-throw; one that passes.
#include <gtest/gtest.h>

#include <cstdlib>
#include <stdexcept>
#include <string>

TEST(Debug, FailsOnInjectedGreeting)
{
    const char *greeting = std::getenv("ECHO_GREETING");
    ASSERT_NE(greeting, nullptr) << "ECHO_GREETING is not set";
    EXPECT_EQ(std::string(greeting), "goodbye"); // sample_debug.cpp:14, the failing line
}

TEST(Debug, Throws)
{
    throw std::runtime_error("thrown on purpose");
}

TEST(Debug, Passes)
{
    SUCCEED();
}
