// A gtest binary whose test fails, logs after its failed assertion and then crashes
// (or, with FIXBENCH_SAMPLE_HANG=1, hangs until killed): no JSON report is written, yet
// the failure message must be the assertion's text alone.
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <thread>

TEST(FailThenCrash, LogsAfterItsFailureThenDies)
{
    EXPECT_EQ(1, 2) << "one is not two";
    std::cout << "logged after the assertion" << std::endl;
    if (std::getenv("FIXBENCH_SAMPLE_HANG")) {
        std::this_thread::sleep_for(std::chrono::hours(1));
    }
    std::raise(SIGSEGV);
}
