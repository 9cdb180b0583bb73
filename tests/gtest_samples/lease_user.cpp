// A test process that uses a fixture through the in-test API, for the lease tests
// (tests/integration/test_leases.cpp). Workspace and instance come from
// FIXBENCH_WORKSPACE / FIXBENCH_INSTANCE, as under `fixbench run` or CTest.
//
//   lease_user FIXTURE hold          up(), print "up attached=.. port=..", then hold it
//                                    until standard input closes, and exit 0
//   lease_user FIXTURE ftp SECONDS   up() an FTP fixture, then log in and list every
//                                    200 ms for SECONDS; exit 0 when every login worked
//
// Each run appends "attached=true|false" to $LEASE_LOG when set.
#include "ftplogin.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>
#include <unistd.h>

namespace {

bool ftpLogin(const fixbench::testing::Fixture &ftp, std::string *why)
{
    const CURLcode rc = samples::ftpLoginAndList(ftp);
    if (rc != CURLE_OK && why)
        *why = curl_easy_strerror(rc);
    return rc == CURLE_OK;
}

} // namespace

int main(int argc, char **argv)
{
    if (argc < 3) {
        std::fprintf(stderr, "usage: lease_user FIXTURE hold | lease_user FIXTURE ftp SECONDS\n");
        return 2;
    }
    const std::string fixture = argv[1];
    const std::string mode = argv[2];
    try {
        auto f = fixbench::testing::up(fixture);
        if (const char *log = std::getenv("LEASE_LOG"); log && *log)
            std::ofstream(log, std::ios::app) << "attached=" << (f.attached() ? "true" : "false") << std::endl;
        std::cout << "up attached=" << (f.attached() ? "true" : "false") << " project=" << f.project() << std::endl;
        if (mode == "hold") {
            char buf[256];
            while (::read(0, buf, sizeof buf) > 0) {
            }
            return 0;
        }
        if (mode == "ftp" && argc >= 4) {
            curl_global_init(CURL_GLOBAL_DEFAULT);
            const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(int(std::atof(argv[3]) * 1000));
            int ok = 0, failed = 0;
            while (std::chrono::steady_clock::now() < end) {
                std::string why;
                if (ftpLogin(f, &why)) {
                    ++ok;
                } else {
                    ++failed;
                    std::cout << "login failed: " << why << std::endl;
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(200));
            }
            std::cout << "logins ok=" << ok << " failed=" << failed << std::endl;
            return failed == 0 && ok > 0 ? 0 : 1;
        }
        std::fprintf(stderr, "lease_user: unknown mode %s\n", mode.c_str());
        return 2;
    } catch (const std::exception &e) {
        std::fprintf(stderr, "lease_user: %s\n", e.what());
        return 1;
    }
}
