// A failing test that first writes a file to the FTP fixture given in its environment
// (FTP_HOST, FTP_PORT, FTP_USER, FTP_PASS, as `fixbench run` injects them): what
// `fixbench run --artifacts` must bring back. Writes out/result.csv with the content
// of SAMPLE_FTP_CONTENT (default "id,value\n1,42\n").
#include <curl/curl.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <string>

namespace {

std::string env(const char *name, const char *fallback = "")
{
    const char *v = std::getenv(name);
    return v ? v : fallback;
}

struct Upload {
    std::string data;
    size_t offset = 0;
};

size_t provide(char *buffer, size_t size, size_t n, void *in)
{
    auto *u = static_cast<Upload *>(in);
    const size_t len = std::min(size * n, u->data.size() - u->offset);
    std::memcpy(buffer, u->data.data() + u->offset, len);
    u->offset += len;
    return len;
}

} // namespace

TEST(FtpFails, WritesAResultThenFails)
{
    ASSERT_FALSE(env("FTP_HOST").empty()) << "no FTP_HOST: run it with an FTP fixture";
    Upload up{env("SAMPLE_FTP_CONTENT", "id,value\n1,42\n")};
    const std::string url = "ftp://" + env("FTP_HOST") + ":" + env("FTP_PORT") + "/out/result.csv";
    const std::string userpwd = env("FTP_USER") + ":" + env("FTP_PASS");
    CURL *c = curl_easy_init();
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_USERPWD, userpwd.c_str());
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_FTP_CREATE_MISSING_DIRS, long(CURLFTP_CREATE_DIR));
    curl_easy_setopt(c, CURLOPT_READFUNCTION, provide);
    curl_easy_setopt(c, CURLOPT_READDATA, &up);
    curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, curl_off_t(up.data.size()));
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 20L);
    const CURLcode rc = curl_easy_perform(c);
    curl_easy_cleanup(c);
    ASSERT_EQ(rc, CURLE_OK) << "upload to " << url << ": " << curl_easy_strerror(rc);
    EXPECT_EQ(1, 2) << "failing on purpose after writing out/result.csv";
}
