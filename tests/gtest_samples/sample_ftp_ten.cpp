// Ten tests on one FTP fixture through the in-test API, each a real login and listing:
// run as one process, or one process per test as gtest_discover_tests registers them
// (bench/bench_discover compares the two).
#include "ftplogin.h"

#include <gtest/gtest.h>

namespace {

void loginAndList()
{
    auto ftp = fixbench::testing::up("ftp_server");
    const CURLcode rc = samples::ftpLoginAndList(ftp);
    EXPECT_EQ(rc, CURLE_OK) << curl_easy_strerror(rc);
}

} // namespace

TEST(FtpTen, T0) { loginAndList(); }
TEST(FtpTen, T1) { loginAndList(); }
TEST(FtpTen, T2) { loginAndList(); }
TEST(FtpTen, T3) { loginAndList(); }
TEST(FtpTen, T4) { loginAndList(); }
TEST(FtpTen, T5) { loginAndList(); }
TEST(FtpTen, T6) { loginAndList(); }
TEST(FtpTen, T7) { loginAndList(); }
TEST(FtpTen, T8) { loginAndList(); }
TEST(FtpTen, T9) { loginAndList(); }
