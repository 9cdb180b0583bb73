// An integration test written with the in-test API: fixbench::testing::up("ftp_server")
// attaches to the FTP fixture when it is up (GUI, `fixbench run`, `fixbench up`) or
// starts it for this process, then a real FTP login, upload and listing with libcurl.
// It prints `[fixbench-sample] attached=true|false` so that a test can tell which.
#include <fixbench/testing.h>

#include <curl/curl.h>
#include <gtest/gtest.h>

#include <cstring>
#include <unistd.h>
#include <iostream>
#include <string>

namespace {

size_t collect(char *data, size_t size, size_t n, void *out)
{
    static_cast<std::string *>(out)->append(data, size * n);
    return size * n;
}

struct Upload {
    const std::string *data;
    size_t offset = 0;
};

size_t provide(char *buffer, size_t size, size_t n, void *in)
{
    auto *u = static_cast<Upload *>(in);
    const size_t len = std::min(size * n, u->data->size() - u->offset);
    std::memcpy(buffer, u->data->data() + u->offset, len);
    u->offset += len;
    return len;
}

std::string url(const fixbench::testing::Fixture &ftp, const std::string &path)
{
    return "ftp://" + ftp.env("FTP_HOST") + ":" + std::to_string(ftp.port("FTP_PORT")) + "/" + path;
}

CURLcode ftpCall(const fixbench::testing::Fixture &ftp, const std::string &path, std::string *listing, const std::string *upload)
{
    CURL *c = curl_easy_init();
    const std::string userpwd = ftp.env("FTP_USER") + ":" + ftp.env("FTP_PASS");
    const std::string u = url(ftp, path);
    curl_easy_setopt(c, CURLOPT_URL, u.c_str());
    curl_easy_setopt(c, CURLOPT_USERPWD, userpwd.c_str());
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 20L);
    Upload up{upload};
    if (upload) {
        curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
        curl_easy_setopt(c, CURLOPT_READFUNCTION, provide);
        curl_easy_setopt(c, CURLOPT_READDATA, &up);
        curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, curl_off_t(upload->size()));
    } else {
        curl_easy_setopt(c, CURLOPT_DIRLISTONLY, 1L);
        curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
        curl_easy_setopt(c, CURLOPT_WRITEDATA, listing);
    }
    const CURLcode rc = curl_easy_perform(c);
    curl_easy_cleanup(c);
    return rc;
}

} // namespace

TEST(FtpApi, LogsInUploadsAndLists)
{
    auto ftp = fixbench::testing::up("ftp_server");
    std::cout << "[fixbench-sample] attached=" << (ftp.attached() ? "true" : "false") << std::endl;
    std::cout << "[fixbench-sample] project=" << ftp.project() << " port=" << ftp.env("FTP_PORT") << std::endl;

    const std::string name = "sample_ftp_api_" + std::to_string(::getpid()) + ".txt";
    const std::string content = "written by sample_ftp_api\n";
    ASSERT_EQ(ftpCall(ftp, name, nullptr, &content), CURLE_OK) << "upload to " << url(ftp, name);
    std::string listing;
    ASSERT_EQ(ftpCall(ftp, "", &listing, nullptr), CURLE_OK) << "list " << url(ftp, "");
    EXPECT_NE(listing.find(name), std::string::npos) << listing;
}

TEST(FtpApi, ScopesShareOneFixturePerProcess)
{
    auto a = fixbench::testing::up("ftp_server");
    auto b = fixbench::testing::up("ftp_server");
    EXPECT_EQ(a.env("FTP_PORT"), b.env("FTP_PORT"));
    EXPECT_EQ(a.project(), b.project());
    EXPECT_EQ(a.attached(), b.attached());
    // The fixture's variables are in the process environment, as under `fixbench run`.
    const char *port = std::getenv("FTP_PORT");
    ASSERT_NE(port, nullptr);
    EXPECT_EQ(std::string(port), a.env("FTP_PORT"));
}

TEST(FtpApi, MistakesThrowWithTheWholeStory)
{
    auto ftp = fixbench::testing::up("ftp_server");
    try {
        (void)ftp.env("NO_SUCH_VARIABLE");
        FAIL() << "no exception";
    } catch (const fixbench::testing::FixtureError &e) {
        EXPECT_NE(std::string(e.what()).find("FTP_PORT"), std::string::npos) << e.what();
    }
    try {
        (void)fixbench::testing::up("no_such_fixture");
        FAIL() << "no exception";
    } catch (const fixbench::testing::FixtureError &e) {
        EXPECT_NE(std::string(e.what()).find("no fixture `no_such_fixture`"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("ftp_server"), std::string::npos) << "lists the fixtures: " << e.what();
    }
}
