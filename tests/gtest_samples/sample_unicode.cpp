// Non-ASCII text in failure messages and parameters: GoogleTest 1.12 escapes each UTF-8
// byte of it as its own \u00XX in its JSON report.
#include <gtest/gtest.h>

#include <string>

TEST(Unicode, FailsWithJapanese)
{
    const std::string got = "日本";
    EXPECT_EQ(got, "Météo ✓");
}

class Names : public ::testing::TestWithParam<std::string> {};
TEST_P(Names, AreNotEmpty) { EXPECT_FALSE(GetParam().empty()); }
INSTANTIATE_TEST_SUITE_P(Utf8, Names, ::testing::Values(std::string("Ünïcode"), std::string("北京")));
