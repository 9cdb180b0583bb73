// Two tests on a real FTP server (the ftp_server fixture, its FTP_* variables injected by
// `fixbench run`): the first uploads a file named with "alpha" and passes, the second,
// 2.5 s later, uploads one named with "bravo" and fails. vsftpd logs each upload to its
// container's output, so the fixture log of the failing test must show the bravo upload
// and not the alpha one (tests of logs per test).
#include "ftplogin.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>

namespace {

std::string env(const char *name)
{
    const char *v = std::getenv(name);
    return v ? v : "";
}

// Uploads an empty file named `name` to the server's root.
CURLcode upload(const std::string &name)
{
    return samples::ftpTransfer("ftp://" + env("FTP_HOST") + ":" + env("FTP_PORT") + "/" + name,
                                env("FTP_USER") + ":" + env("FTP_PASS"), true);
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
