// Reads variables a runner injects: fails when FIXBENCH_SAMPLE_VAR is missing, prints
// the fixture variables it sees (ECHO_*, FTP_*), and reports which GTEST_* variables
// reached it (a runner must remove stray ones). When FIXBENCH_SAMPLE_VAR is set at
// start-up it also registers a test named after it, so that a test list depends on
// the environment discovery runs with.
#include <gtest/gtest.h>

#include <cctype>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>

extern char **environ;

TEST(Env, InjectedVariableIsThere)
{
    const char *value = std::getenv("FIXBENCH_SAMPLE_VAR");
    ASSERT_NE(value, nullptr) << "FIXBENCH_SAMPLE_VAR is not set";
    std::cout << "FIXBENCH_SAMPLE_VAR=" << value << std::endl;
    const char *layered = std::getenv("FIXBENCH_SAMPLE_LAYER");
    std::cout << "FIXBENCH_SAMPLE_LAYER=" << (layered ? layered : "(unset)") << std::endl;
}

TEST(Env, PrintsFixtureVariables)
{
    for (char **e = environ; *e; ++e)
        if (std::strncmp(*e, "ECHO_", 5) == 0 || std::strncmp(*e, "FTP_", 4) == 0 || std::strncmp(*e, "FIXBENCH_WORKSPACE=", 19) == 0)
            std::cout << *e << std::endl;
}

TEST(Env, NoStrayGtestVariables)
{
    std::string stray;
    for (char **e = environ; *e; ++e)
        if (std::strncmp(*e, "GTEST_", 6) == 0)
            stray += std::string(*e) + " ";
    EXPECT_EQ(stray, "") << "stray GoogleTest variables reached the test";
}

namespace {

class Registered : public ::testing::Test {
public:
    void TestBody() override { SUCCEED(); }
};

// Registers Env.Registered_<FIXBENCH_SAMPLE_VAR> (alphanumerics only) at start-up.
const bool registered = [] {
    const char *value = std::getenv("FIXBENCH_SAMPLE_VAR");
    if (!value || !*value)
        return false;
    std::string name = "Registered_";
    for (const char *c = value; *c; ++c)
        name += std::isalnum(static_cast<unsigned char>(*c)) ? *c : '_';
    ::testing::RegisterTest("Env", name.c_str(), nullptr, nullptr, __FILE__, __LINE__,
                            []() -> ::testing::Test * { return new Registered; });
    return true;
}();

} // namespace
