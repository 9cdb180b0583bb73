// A gtest binary that crashes while listing its tests (as a broken static
// initialiser or a faulty parameter generator would).
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>

TEST(ListCrash, Passes)
{
    SUCCEED();
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i)
        if (std::strstr(argv[i], "gtest_list_tests"))
            std::abort();
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
