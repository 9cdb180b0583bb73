// Typed, type-parameterised and value-parameterised tests, plus disabled ones: what
// `--gtest_list_tests` annotates with `# TypeParam = ...` and `# GetParam() = ...`.
#include <gtest/gtest.h>

#include <string>

template <typename T>
class Typed : public ::testing::Test {};
using TypedTypes = ::testing::Types<int, double, std::string>;
TYPED_TEST_SUITE(Typed, TypedTypes);

TYPED_TEST(Typed, DefaultIsEmptyish)
{
    EXPECT_EQ(TypeParam(), TypeParam());
}

TYPED_TEST(Typed, DISABLED_Parked)
{
}

template <typename T>
class TypeParamSuite : public ::testing::Test {};
TYPED_TEST_SUITE_P(TypeParamSuite);
TYPED_TEST_P(TypeParamSuite, Copies)
{
    TypeParam a{};
    TypeParam b = a;
    EXPECT_EQ(a, b);
}
REGISTER_TYPED_TEST_SUITE_P(TypeParamSuite, Copies);
using Integers = ::testing::Types<short, long>;
INSTANTIATE_TYPED_TEST_SUITE_P(Ints, TypeParamSuite, Integers);

class Values : public ::testing::TestWithParam<int> {};

TEST_P(Values, IsSmall)
{
    EXPECT_LT(GetParam(), 10) << "value " << GetParam();
}

INSTANTIATE_TEST_SUITE_P(Small, Values, ::testing::Values(1, 2, 3));
INSTANTIATE_TEST_SUITE_P(Large, Values, ::testing::Values(5, 50));

class Named : public ::testing::TestWithParam<std::string> {};

TEST_P(Named, NotEmpty)
{
    EXPECT_FALSE(GetParam().empty());
}

INSTANTIATE_TEST_SUITE_P(Words, Named, ::testing::Values(std::string("alpha"), std::string("beta gamma")),
                         [](const ::testing::TestParamInfo<std::string> &info) {
                             std::string name;
                             for (char c : info.param)
                                 name += (c == ' ') ? '_' : c;
                             return name;
                         });

TEST(DISABLED_WholeSuite, Parked)
{
}
