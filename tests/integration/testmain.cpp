#include <QCoreApplication>

#include <gtest/gtest.h>

#include <csignal>

int main(int argc, char **argv)
{
    ::testing::InitGoogleTest(&argc, argv);
    QCoreApplication app(argc, argv);
    signal(SIGPIPE, SIG_IGN);
    return RUN_ALL_TESTS();
}
