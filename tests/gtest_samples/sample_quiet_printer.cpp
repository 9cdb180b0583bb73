// A gtest binary whose default result printer is replaced by a minimal listener that
// prints only the counts: no [ RUN ] / [ OK ] / [ FAILED ] lines on the console, so only
// the JSON report names the tests.
#include <gtest/gtest.h>

#include <cstdio>

namespace {

class CountsOnly : public ::testing::EmptyTestEventListener {
    void OnTestProgramEnd(const ::testing::UnitTest &unit) override
    {
        std::printf("%d passed, %d failed\n", unit.successful_test_count(), unit.failed_test_count());
    }
};

} // namespace

TEST(Quiet, Passes)
{
    SUCCEED();
}

TEST(Quiet, Fails)
{
    EXPECT_TRUE(false) << "quietly wrong";
}

int main(int argc, char **argv)
{
    ::testing::InitGoogleTest(&argc, argv);
    ::testing::TestEventListeners &listeners = ::testing::UnitTest::GetInstance()->listeners();
    delete listeners.Release(listeners.default_result_printer());
    listeners.Append(new CountsOnly);
    return RUN_ALL_TESTS();
}
