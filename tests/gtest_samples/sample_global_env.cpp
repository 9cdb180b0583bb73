// A gtest binary whose global environment fails in SetUp (a ::testing::Environment):
// GoogleTest 1.12 then writes a JSON report without the comma before its
// "NonTestSuiteFailure" suite. Also: a test that logs after its failed assertion, and a
// disabled test (both only exact in the JSON report).
#include <gtest/gtest.h>

#include <iostream>

namespace {

class FailingEnvironment : public ::testing::Environment {
public:
    void SetUp() override
    {
        std::cout << "global set-up log" << std::endl;
        ADD_FAILURE() << "the global environment failed";
    }
};

} // namespace

TEST(GlobalEnv, Passes)
{
    SUCCEED();
}

TEST(GlobalEnv, FailsThenLogs)
{
    EXPECT_EQ(1, 2) << "one is not two";
    std::cout << "logged after the assertion" << std::endl;
}

TEST(GlobalEnv, DISABLED_Off)
{
}

int main(int argc, char **argv)
{
    ::testing::InitGoogleTest(&argc, argv);
    ::testing::AddGlobalTestEnvironment(new FailingEnvironment);
    return RUN_ALL_TESTS();
}
