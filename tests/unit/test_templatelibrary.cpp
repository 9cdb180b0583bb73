#include "workspace/fixturespec.h"
#include "workspace/templatelibrary.h"
#include "workspace/workspace.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>

#include "unitsupport.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <ostream>

using namespace fixbench;
using namespace fixbench::unitsupport;

namespace {

// Unsets FIXBENCH_TEMPLATES_DIR for a test, restoring it afterwards.
class TemplatesDirEnv {
public:
    TemplatesDirEnv() : m_saved(qgetenv("FIXBENCH_TEMPLATES_DIR")), m_had(qEnvironmentVariableIsSet("FIXBENCH_TEMPLATES_DIR"))
    {
        qunsetenv("FIXBENCH_TEMPLATES_DIR");
    }
    ~TemplatesDirEnv()
    {
        if (m_had)
            qputenv("FIXBENCH_TEMPLATES_DIR", m_saved);
        else
            qunsetenv("FIXBENCH_TEMPLATES_DIR");
    }

private:
    QByteArray m_saved;
    bool m_had;
};

class TemplateLibraryTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_tmp.isValid());
        m_lib = m_tmp.filePath(QStringLiteral("templates"));
        writeFile(m_lib + QStringLiteral("/web/fixture.yml"), "# {{name}}\ndescription: a web server for {{name}}\n");
        writeFile(m_lib + QStringLiteral("/web/compose.yaml"), "services:\n  web:\n    image: fixbench/{{name}}:local\n");
        writeFile(m_lib + QStringLiteral("/web/hooks/seed.sh"), "#!/bin/sh\necho seeding {{name}}\n");
        QFile::setPermissions(m_lib + QStringLiteral("/web/hooks/seed.sh"),
                              QFile::permissions(m_lib + QStringLiteral("/web/hooks/seed.sh")) | QFileDevice::ExeOwner
                                  | QFileDevice::ExeGroup | QFileDevice::ExeOther);
        writeFile(m_lib + QStringLiteral("/web/logo.bin"), QByteArray("\x89PNG\0{{name}}", 12));
        writeFile(m_lib + QStringLiteral("/bare/fixture.yml"), "");
        writeFile(m_lib + QStringLiteral("/broken/fixture.yml"), "description: [unclosed\n");
        writeFile(m_lib + QStringLiteral("/notes/README"), "not a template: no fixture.yml\n");
        writeFile(m_lib + QStringLiteral("/CMakeLists.txt"), "# a file beside the templates\n");
    }

    TemplatesDirEnv m_env;
    QTemporaryDir m_tmp;
    QString m_lib;
};

} // namespace

TEST_F(TemplateLibraryTest, ListsFoldersHoldingAFixtureYmlWithTheirDescriptions)
{
    const TemplateLibrary lib = TemplateLibrary::at(m_lib);
    EXPECT_EQ(lib.names(), QStringList({QStringLiteral("bare"), QStringLiteral("broken"), QStringLiteral("web")}));
    const auto web = lib.find(QStringLiteral("web"));
    ASSERT_TRUE(web.has_value());
    EXPECT_EQ(web->description, QStringLiteral("a web server for {{name}}"));
    EXPECT_EQ(web->dir, QDir::cleanPath(m_lib + QStringLiteral("/web")));
    EXPECT_TRUE(lib.find(QStringLiteral("bare"))->description.isEmpty());
    EXPECT_TRUE(lib.find(QStringLiteral("broken"))->description.contains(QLatin1String("invalid fixture.yml")));
    EXPECT_FALSE(lib.find(QStringLiteral("notes")).has_value());
}

TEST_F(TemplateLibraryTest, SearchPathEnvironmentThenInstalledThenBuildTree)
{
    const QString exeDir = m_tmp.filePath(QStringLiteral("prefix/bin"));
    EXPECT_EQ(TemplateLibrary::searchPath(exeDir),
              QStringList({m_tmp.filePath(QStringLiteral("prefix/share/fixbench/templates")),
                           m_tmp.filePath(QStringLiteral("share/fixbench/templates"))}));
    qputenv("FIXBENCH_TEMPLATES_DIR", m_lib.toUtf8());
    EXPECT_EQ(TemplateLibrary::searchPath(exeDir).first(), m_lib);
    EXPECT_EQ(TemplateLibrary::searchPath(exeDir).size(), 3);
}

TEST_F(TemplateLibraryTest, LocateFindsTheInstalledLayoutThenTheBuildTree)
{
    // Nothing there yet: the error names every folder it looked in.
    const QString buildExe = m_tmp.filePath(QStringLiteral("build/app/cli"));
    Result<TemplateLibrary> r = TemplateLibrary::locate(buildExe);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind, Error::Kind::NotFound);
    EXPECT_TRUE(r.error().message.contains(m_tmp.filePath(QStringLiteral("build/app/share/fixbench/templates"))))
        << str(r.error().message);
    EXPECT_TRUE(r.error().message.contains(m_tmp.filePath(QStringLiteral("build/share/fixbench/templates"))))
        << str(r.error().message);
    EXPECT_TRUE(r.error().message.contains(QLatin1String("FIXBENCH_TEMPLATES_DIR")));

    // build/app/cli/fixbench -> build/share/fixbench/templates
    ASSERT_TRUE(QDir().mkpath(m_tmp.filePath(QStringLiteral("build/share/fixbench/templates"))));
    r = TemplateLibrary::locate(buildExe);
    ASSERT_TRUE(r.ok()) << str(r.error().message);
    EXPECT_EQ(r->dir(), m_tmp.filePath(QStringLiteral("build/share/fixbench/templates")));

    // prefix/bin/fixbench -> prefix/share/fixbench/templates
    ASSERT_TRUE(QDir().mkpath(m_tmp.filePath(QStringLiteral("prefix/share/fixbench/templates"))));
    r = TemplateLibrary::locate(m_tmp.filePath(QStringLiteral("prefix/bin")));
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->dir(), m_tmp.filePath(QStringLiteral("prefix/share/fixbench/templates")));
}

TEST_F(TemplateLibraryTest, LocatePrefersTheEnvironmentAndNeverSkipsABadOne)
{
    ASSERT_TRUE(QDir().mkpath(m_tmp.filePath(QStringLiteral("prefix/share/fixbench/templates"))));
    qputenv("FIXBENCH_TEMPLATES_DIR", m_lib.toUtf8());
    Result<TemplateLibrary> r = TemplateLibrary::locate(m_tmp.filePath(QStringLiteral("prefix/bin")));
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->dir(), m_lib);

    const QString missing = m_tmp.filePath(QStringLiteral("missing"));
    qputenv("FIXBENCH_TEMPLATES_DIR", missing.toUtf8());
    r = TemplateLibrary::locate(m_tmp.filePath(QStringLiteral("prefix/bin")));
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(r.error().message.contains(QLatin1String("FIXBENCH_TEMPLATES_DIR"))) << str(r.error().message);
    EXPECT_TRUE(r.error().message.contains(missing)) << str(r.error().message);
}

TEST_F(TemplateLibraryTest, InstantiateReplacesTheNameAndKeepsPermissions)
{
    const TemplateLibrary lib = TemplateLibrary::at(m_lib);
    const QString dest = m_tmp.filePath(QStringLiteral("ws/fixtures/shop"));
    Result<QStringList> r = lib.instantiate(QStringLiteral("web"), QStringLiteral("shop"), dest);
    ASSERT_TRUE(r.ok()) << str(r.error().message);
    EXPECT_EQ(*r, QStringList({QStringLiteral("compose.yaml"), QStringLiteral("fixture.yml"), QStringLiteral("hooks/seed.sh"),
                               QStringLiteral("logo.bin")}));
    EXPECT_EQ(readFile(dest + QStringLiteral("/fixture.yml")), QByteArray("# shop\ndescription: a web server for shop\n"));
    EXPECT_EQ(readFile(dest + QStringLiteral("/compose.yaml")), QByteArray("services:\n  web:\n    image: fixbench/shop:local\n"));
    EXPECT_EQ(readFile(dest + QStringLiteral("/hooks/seed.sh")), QByteArray("#!/bin/sh\necho seeding shop\n"));
    EXPECT_TRUE(QFileInfo(dest + QStringLiteral("/hooks/seed.sh")).isExecutable());
    EXPECT_FALSE(QFileInfo(dest + QStringLiteral("/fixture.yml")).isExecutable());
    EXPECT_EQ(readFile(dest + QStringLiteral("/logo.bin")), QByteArray("\x89PNG\0{{name}}", 12)) << "binary files are copied as is";
    // No staging folder left beside it.
    EXPECT_EQ(QDir(m_tmp.filePath(QStringLiteral("ws/fixtures"))).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
              QStringList{QStringLiteral("shop")});
}

TEST_F(TemplateLibraryTest, InstantiateRefusesAnExistingFolderAndAnUnknownTemplate)
{
    const TemplateLibrary lib = TemplateLibrary::at(m_lib);
    const QString dest = m_tmp.filePath(QStringLiteral("ws/fixtures/shop"));
    writeFile(dest + QStringLiteral("/fixture.yml"), "mine\n");
    Result<QStringList> r = lib.instantiate(QStringLiteral("web"), QStringLiteral("shop"), dest);
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(r.error().message.contains(QLatin1String("already exists"))) << str(r.error().message);
    EXPECT_EQ(readFile(dest + QStringLiteral("/fixture.yml")), QByteArray("mine\n"));
    EXPECT_EQ(QDir(dest).entryList(QDir::AllEntries | QDir::NoDotAndDotDot), QStringList{QStringLiteral("fixture.yml")});

    r = lib.instantiate(QStringLiteral("mysql"), QStringLiteral("db"), m_tmp.filePath(QStringLiteral("ws/fixtures/db")));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind, Error::Kind::NotFound);
    EXPECT_TRUE(r.error().message.contains(QLatin1String("`mysql`")));
    EXPECT_TRUE(r.error().message.contains(QLatin1String("`bare`, `broken`, `web`"))) << str(r.error().message);
    EXPECT_FALSE(QFileInfo::exists(m_tmp.filePath(QStringLiteral("ws/fixtures/db"))));
}

// The templates shipped in templates/: each one, instantiated, is a valid fixture.
TEST(ShippedTemplates, EachIsAValidFixtureOnceInstantiated)
{
    const TemplatesDirEnv env;
    const TemplateLibrary lib = TemplateLibrary::at(QStringLiteral(FIXBENCH_SOURCE_DIR "/templates"));
    EXPECT_EQ(lib.names(), QStringList({QStringLiteral("ftp"), QStringLiteral("generic"), QStringLiteral("http"),
                                        QStringLiteral("postgres"), QStringLiteral("redis")}));
    EXPECT_STREQ(TemplateLibrary::kDefaultTemplate, "generic");
    QTemporaryDir tmp;
    for (const FixtureTemplate &t : lib.templates()) {
        SCOPED_TRACE(str(t.name));
        EXPECT_GT(t.description.size(), 20) << "a description a new user understands";
        EXPECT_FALSE(t.description.contains(QLatin1String("{{"))) << "shown by --list-templates as is";
        const QString dest = tmp.filePath(QStringLiteral("fixtures/my_") + t.name);
        Result<QStringList> files = lib.instantiate(t.name, QStringLiteral("my_") + t.name, dest);
        ASSERT_TRUE(files.ok()) << str(files.error().message);
        EXPECT_TRUE(files->contains(QStringLiteral("fixture.yml")));
        EXPECT_TRUE(files->contains(QStringLiteral("compose.yaml")));
        EXPECT_TRUE(files->contains(QStringLiteral("Dockerfile")));
        for (const QString &f : *files) {
            EXPECT_FALSE(readFile(QDir(dest).filePath(f)).contains("{{")) << "placeholder left in " << str(f);
            if (f.endsWith(QLatin1String(".sh"))) {
                EXPECT_TRUE(QFileInfo(QDir(dest).filePath(f)).isExecutable()) << str(f);
            }
        }
        Result<FixtureSpec> spec = FixtureSpec::load(dest);
        ASSERT_TRUE(spec.ok()) << str(spec.error().toString());
        EXPECT_FALSE(spec->probes.isEmpty()) << "a readiness probe";
        EXPECT_FALSE(spec->ports.isEmpty()) << "an allocated port";
        const QString compose = QString::fromUtf8(readFile(spec->composeFile));
        EXPECT_TRUE(compose.contains(QLatin1String("init: true"))) << "docker-init as PID 1";
        EXPECT_TRUE(compose.contains(QLatin1String("pull_policy: build"))) << "never pulled";
        EXPECT_TRUE(QString::fromUtf8(readFile(dest + QStringLiteral("/Dockerfile"))).contains(QLatin1String("FROM debian:bookworm-slim")));
    }
    // What each template promises its tests.
    auto envNames = [&](const QString &name) {
        QStringList names;
        const Result<FixtureSpec> spec = FixtureSpec::load(tmp.filePath(QStringLiteral("fixtures/my_") + name));
        if (!spec)
            return QStringList{spec.error().toString()};
        for (const EnvVarSpec &e : spec->environment)
            names << e.name + (e.secret ? QStringLiteral("(secret)") : QString());
        return names;
    };
    EXPECT_EQ(envNames(QStringLiteral("ftp")), QStringList({QStringLiteral("FTP_HOST"), QStringLiteral("FTP_PORT"), QStringLiteral("FTP_USER"),
                                                            QStringLiteral("FTP_PASS(secret)"), QStringLiteral("FTP_URL")}));
    EXPECT_EQ(envNames(QStringLiteral("postgres")),
              QStringList({QStringLiteral("PGHOST"), QStringLiteral("PGPORT"), QStringLiteral("PGUSER"), QStringLiteral("PGPASSWORD(secret)"),
                           QStringLiteral("PGDATABASE"), QStringLiteral("DATABASE_URL(secret)")}));
    EXPECT_EQ(envNames(QStringLiteral("redis")),
              QStringList({QStringLiteral("REDIS_HOST"), QStringLiteral("REDIS_PORT"), QStringLiteral("REDIS_URL")}));
    EXPECT_TRUE(envNames(QStringLiteral("http")).contains(QStringLiteral("HTTP_URL")));
    const Result<FixtureSpec> ftp = FixtureSpec::load(tmp.filePath(QStringLiteral("fixtures/my_ftp")));
    ASSERT_TRUE(ftp.ok());
    EXPECT_EQ(ftp->probes.first().type, ProbeSpec::Type::Ftp);
    ASSERT_NE(ftp->hook(QStringLiteral("setup_data")), nullptr);
    EXPECT_EQ(ftp->hook(QStringLiteral("setup_data"))->builtin, QStringLiteral("ftp-clean"));
    const Result<FixtureSpec> http = FixtureSpec::load(tmp.filePath(QStringLiteral("fixtures/my_http")));
    ASSERT_TRUE(http.ok());
    EXPECT_EQ(http->probes.first().type, ProbeSpec::Type::Http);
}

// `fixbench init`
TEST(WorkspaceInitialize, CreatesACommentedWorkspaceAndRefusesASecondTime)
{
    QTemporaryDir tmp;
    const QString root = tmp.filePath(QStringLiteral("my project"));
    Result<Workspace> ws = Workspace::initialize(root);
    ASSERT_TRUE(ws.ok()) << str(ws.error().toString());
    EXPECT_EQ(ws->name(), QStringLiteral("my project"));
    EXPECT_EQ(ws->fixturesDir(), root + QStringLiteral("/fixtures"));
    EXPECT_TRUE(QFileInfo(ws->fixturesDir()).isDir());
    EXPECT_TRUE(ws->tests().isEmpty());
    const QByteArray text = readFile(root + QStringLiteral("/fixbench.yml"));
    EXPECT_TRUE(text.startsWith("#"));
    EXPECT_TRUE(text.contains("\nname: \"my project\"\n"));
    EXPECT_TRUE(text.contains("\nfixtures: fixtures\n"));
    EXPECT_TRUE(text.contains("\ntests:\n"));

    Result<Workspace> again = Workspace::initialize(root, QStringLiteral("other"));
    ASSERT_FALSE(again.ok());
    EXPECT_TRUE(again.error().message.contains(QLatin1String("already exists")));
    EXPECT_EQ(readFile(root + QStringLiteral("/fixbench.yml")), text);

    // Any name survives YAML quoting.
    Result<Workspace> quoted = Workspace::initialize(tmp.filePath(QStringLiteral("q")), QStringLiteral("a \"b\" \\ c: #d"));
    ASSERT_TRUE(quoted.ok()) << str(quoted.error().toString());
    EXPECT_EQ(quoted->name(), QStringLiteral("a \"b\" \\ c: #d"));
}
