// Ten tests on one FTP fixture through the in-test API, each a real login and listing:
// run as one process, or one process per test as gtest_discover_tests registers them
// (bench/bench_discover compares the two).
#include <fixbench/testing.h>

#include <curl/curl.h>
#include <gtest/gtest.h>

#include <string>

namespace {

size_t discard(char *, size_t size, size_t n, void *)
{
    return size * n;
}

void loginAndList()
{
    auto ftp = fixbench::testing::up("ftp_server");
    CURL *c = curl_easy_init();
    const std::string url = "ftp://" + ftp.env("FTP_HOST") + ":" + std::to_string(ftp.port("FTP_PORT")) + "/";
    const std::string userpwd = ftp.env("FTP_USER") + ":" + ftp.env("FTP_PASS");
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_USERPWD, userpwd.c_str());
    curl_easy_setopt(c, CURLOPT_DIRLISTONLY, 1L);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 20L);
    const CURLcode rc = curl_easy_perform(c);
    curl_easy_cleanup(c);
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
