// ingest's integration tests: a real FTP server from fixbench (fixture `ftp`, made
// with `fixbench new ftp --template ftp`). Built twice: with fixbench::testing, and
// with INGEST_WITHOUT_FIXBENCH (settings from FTP_* variables) to measure what the
// client library adds to a test binary.
#include "ftpupload.h"

#ifndef INGEST_WITHOUT_FIXBENCH
#include <fixbench/testing.h>
#endif

#include <gtest/gtest.h>

#include <cstdlib>
#include <iostream>
#include <string>

#include <unistd.h>

namespace {

#ifdef INGEST_WITHOUT_FIXBENCH
std::string setting(const char *name)
{
    const char *v = std::getenv(name);
    return v ? v : "";
}

ingest::FtpServer server()
{
    return {setting("FTP_HOST"), std::atoi(setting("FTP_PORT").c_str()), setting("FTP_USER"), setting("FTP_PASS")};
}
#else
ingest::FtpServer server()
{
    auto ftp = fixbench::testing::up("ftp");
    std::cout << "[ingest] fixture ftp project=" << ftp.project() << " attached=" << (ftp.attached() ? "true" : "false")
              << std::endl;
    return {ftp.env("FTP_HOST"), ftp.port("FTP_PORT"), ftp.env("FTP_USER"), ftp.env("FTP_PASS")};
}
#endif

} // namespace

TEST(Upload, StoresTheFileTheServerThenReports)
{
    const ingest::FtpServer ftp = server();
    const std::string name = "ingest-" + std::to_string(::getpid()) + ".csv";
    const std::string content = "id,value\r\n1,42\r\n";
    const ingest::UploadResult r = ingest::upload(ftp, name, content);
    ASSERT_TRUE(r.ok) << r.message;
    EXPECT_EQ(r.replyCode, 226);
    EXPECT_EQ(ingest::remoteSize(ftp, name), static_cast<long long>(content.size()));
}

TEST(Upload, AWrongPasswordIsRefusedWith530)
{
    ingest::FtpServer ftp = server();
    ftp.password += "-wrong";
    const ingest::UploadResult r = ingest::upload(ftp, "refused.csv", "x");
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.replyCode, 530) << r.message;
}
