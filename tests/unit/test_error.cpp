#include "base/error.h"

#include <gtest/gtest.h>

#include <ostream>

QT_BEGIN_NAMESPACE
inline void PrintTo(const QString &s, std::ostream *os) { *os << '"' << s.toStdString() << '"'; }
QT_END_NAMESPACE

using namespace fixbench;

TEST(SourceLocation, PrintsFileLineAndColumn)
{
    EXPECT_EQ(SourceLocation({QStringLiteral("fixture.yml"), 3, 7}).toString(), QStringLiteral("fixture.yml:3:7"));
    EXPECT_EQ(SourceLocation({QStringLiteral("fixture.yml"), 3, 0}).toString(), QStringLiteral("fixture.yml:3"));
    EXPECT_EQ(SourceLocation({QStringLiteral("fixture.yml"), 0, 0}).toString(), QStringLiteral("fixture.yml"));
    // A column without a line means nothing.
    EXPECT_EQ(SourceLocation({QStringLiteral("fixture.yml"), 0, 4}).toString(), QStringLiteral("fixture.yml"));
    EXPECT_EQ(SourceLocation().toString(), QString());
    EXPECT_FALSE(SourceLocation().isValid());
    EXPECT_TRUE(SourceLocation({QStringLiteral("f"), 0, 0}).isValid());
}

TEST(Error, ToStringPrefixesTheLocation)
{
    const Error e = Error::spec({QStringLiteral("/w/fixtures/ftp/fixture.yml"), 12, 5},
                                QStringLiteral("unknown key `tiemout`"));
    EXPECT_EQ(e.kind, Error::Kind::Spec);
    EXPECT_EQ(e.toString(), QStringLiteral("/w/fixtures/ftp/fixture.yml:12:5: unknown key `tiemout`"));
}

TEST(Error, ToStringWithoutLocationIsTheMessage)
{
    const Error e(Error::Kind::Engine, QStringLiteral("cannot reach the Docker engine"));
    EXPECT_EQ(e.toString(), QStringLiteral("cannot reach the Docker engine"));
}

TEST(Error, DetailsAreIndentedOneLineEach)
{
    const Error e(Error::Kind::Hook, QStringLiteral("hook `started` exited with 2"),
                  QStringLiteral("line one\nline two"));
    EXPECT_EQ(e.toString(), QStringLiteral("hook `started` exited with 2\n  | line one\n  | line two"));

    const Error located(Error::Kind::Spec, QStringLiteral("bad"), QStringLiteral("ctx"),
                        {QStringLiteral("f.yml"), 1, 2});
    EXPECT_EQ(located.toString(), QStringLiteral("f.yml:1:2: bad\n  | ctx"));
}

TEST(Error, KindNames)
{
    EXPECT_STREQ(Error::kindName(Error::Kind::Spec), "spec");
    EXPECT_STREQ(Error::kindName(Error::Kind::NotFound), "not-found");
    EXPECT_STREQ(Error::kindName(Error::Kind::Port), "port");
    EXPECT_STREQ(Error::kindName(Error::Kind::Timeout), "timeout");
    EXPECT_STREQ(Error::kindName(Error::Kind::Other), "error");
}

TEST(Result, HoldsAValueOrAnError)
{
    Result<int> good(42);
    ASSERT_TRUE(good.ok());
    EXPECT_EQ(*good, 42);

    Result<int> bad(Error(Error::Kind::Io, QStringLiteral("disk full")));
    ASSERT_FALSE(bad.ok());
    EXPECT_FALSE(bool(bad));
    EXPECT_EQ(bad.error().kind, Error::Kind::Io);
    EXPECT_EQ(bad.error().message, QStringLiteral("disk full"));

    Status fine;
    EXPECT_TRUE(fine.ok());
    Status failed(Error(Error::Kind::Cancelled, QStringLiteral("stopped")));
    ASSERT_FALSE(failed.ok());
    EXPECT_EQ(failed.error().kind, Error::Kind::Cancelled);
}
