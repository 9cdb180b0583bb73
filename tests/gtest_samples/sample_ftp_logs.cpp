// Two tests on a real FTP server (the ftp_server fixture, its FTP_* variables injected by
// `fixbench run`): the first uploads a file named with "alpha" and passes, the second,
// 2.5 s later, uploads one named with "bravo" and fails. vsftpd logs each upload to its
// container's output, so the fixture log of the failing test must show the bravo upload
// and not the alpha one (tests of logs per test).
#include <gtest/gtest.h>

#include <curl/curl.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>

namespace {

std::string env(const char *name)
{
    const char *v = std::getenv(name);
    return v ? v : "";
}

size_t readNothing(char *, size_t, size_t, void *)
{
    return 0; // an empty file
}

// Uploads an empty file named `name` to the server's root.
CURLcode upload(const std::string &name)
{
    CURL *c = curl_easy_init();
    const std::string url = "ftp://" + env("FTP_HOST") + ":" + env("FTP_PORT") + "/" + name;
    const std::string userpwd = env("FTP_USER") + ":" + env("FTP_PASS");
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_USERPWD, userpwd.c_str());
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, readNothing);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 10L);
    const CURLcode rc = curl_easy_perform(c);
    curl_easy_cleanup(c);
    return rc;
}

} // namespace

TEST(FtpLogs, PassesAfterAlpha)
{
    ASSERT_EQ(upload("fixbench_marker_alpha_passing.txt"), CURLE_OK);
    // Well past the 1 s margin before the next test starts.
    std::this_thread::sleep_for(std::chrono::milliseconds(2500));
}

TEST(FtpLogs, FailsAfterBravo)
{
    ASSERT_EQ(upload("fixbench_marker_bravo_failing.txt"), CURLE_OK);
    FAIL() << "failing on purpose after the bravo upload";
}
