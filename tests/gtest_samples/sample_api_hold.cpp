// Holds a fixture through the in-test API, then waits forever: a test of what happens
// when such a binary is interrupted (Ctrl-C / kill): what it started must go down.
// The fixture is FIXBENCH_SAMPLE_FIXTURE (default echo_server).
#include <fixbench/testing.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <thread>

TEST(ApiHold, HoldsAFixtureForever)
{
    const char *name = std::getenv("FIXBENCH_SAMPLE_FIXTURE");
    auto f = fixbench::testing::up(name && *name ? name : "echo_server");
    std::cout << "[fixbench-sample] up project=" << f.project() << " attached=" << (f.attached() ? "true" : "false") << std::endl;
    for (;;)
        std::this_thread::sleep_for(std::chrono::seconds(1));
}
