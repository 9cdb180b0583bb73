#include <fixbench/testing.h>

#include <QCoreApplication>

#include <gtest/gtest.h>

#include <csignal>

int main(int argc, char **argv)
{
    ::testing::InitGoogleTest(&argc, argv);
    QCoreApplication app(argc, argv);
    signal(SIGPIPE, SIG_IGN);
    const int rc = RUN_ALL_TESTS();
    // Take down the fixtures this process started now, and wait for it, rather than
    // leave it to the end of the process.
    fixbench::testing::tearDown();
    return rc;
}
