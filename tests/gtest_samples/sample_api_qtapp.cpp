// A test binary with its own main() holding a QCoreApplication (as Qt test code often
// has), using the in-test API and returning from main without calling tearDown():
// what it started must still be taken down when the process ends.
#include <fixbench/testing.h>

#include <QCoreApplication>

#include <gtest/gtest.h>

#include <iostream>

TEST(ApiQtApp, StartsAFixture)
{
    auto f = fixbench::testing::up("echo_server");
    std::cout << "[fixbench-sample] up project=" << f.project() << " attached=" << (f.attached() ? "true" : "false") << std::endl;
}

int main(int argc, char **argv)
{
    ::testing::InitGoogleTest(&argc, argv);
    QCoreApplication app(argc, argv);
    return RUN_ALL_TESTS();
}
