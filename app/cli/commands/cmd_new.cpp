// `fixbench new`: adds a fixture to the workspace from a template.

#include "commandcontext.h"
#include "commandline.h"
#include "commands/commands.h"
#include "exitcode.h"
#include "output.h"
#include "tr.h"
#include "workspace/templatelibrary.h"

#include <QDir>
#include <QRegularExpression>

#include <algorithm>

namespace fixbench {

namespace {

// The templates installed with fixbench (templates/ in the sources), located once.
struct Catalog {
    Result<TemplateLibrary> library = Error();
    QList<FixtureTemplate> templates;
    int width = 0; // of the longest name

    // "name  description" lines.
    QString lines(const QString &indent) const
    {
        QStringList lines;
        for (const FixtureTemplate &t : templates)
            lines << indent + t.name.leftJustified(width) + QStringLiteral("  ") + t.description;
        return lines.join(QLatin1Char('\n'));
    }

    // Where they are and which: for --help and for errors.
    QString available() const
    {
        if (!library)
            return library.error().message;
        return templates.isEmpty() ? Tr::tr("none (in %1)").arg(library->dir())
                                   : Tr::tr("(in %1):\n%2").arg(library->dir(), lines(QStringLiteral("  ")));
    }
};

const Catalog &catalog()
{
    static const Catalog c = [] {
        Catalog c;
        c.library = TemplateLibrary::locate(QCoreApplication::applicationDirPath());
        if (c.library) {
            c.templates = c.library->templates();
            for (const FixtureTemplate &t : std::as_const(c.templates))
                c.width = std::max(c.width, int(t.name.size()));
        }
        return c;
    }();
    return c;
}

QString templateName(const QCommandLineParser &p)
{
    return p.isSet(QStringLiteral("template")) ? p.value(QStringLiteral("template"))
                                               : QString::fromLatin1(TemplateLibrary::kDefaultTemplate);
}

// --list-templates, and the checks that need no workspace.
int check(CommandContext &ctx)
{
    const QCommandLineParser &p = ctx.options();
    const Catalog &c = catalog();
    if (p.isSet(QStringLiteral("list-templates"))) {
        if (!c.library)
            return ctx.fail(c.library.error());
        if (c.templates.isEmpty())
            return ctx.fail(Error(Error::Kind::NotFound, Tr::tr("no templates in %1: a template is a folder holding a fixture.yml")
                                                              .arg(c.library->dir())));
        out(c.lines(QString()));
        return ExitOk;
    }
    if (p.positionalArguments().size() != 1)
        return ctx.usage(Tr::tr("fixbench new: name exactly one fixture\nTry `fixbench new --help`."));
    const QString name = p.positionalArguments().first();
    static const QRegularExpression valid(QStringLiteral("^[a-z][a-z0-9_-]*$"));
    if (!valid.match(name).hasMatch())
        return ctx.usage(Tr::tr("fixbench new: `%1` is not a valid fixture name (lower-case letters, digits, '_' and '-', "
                                "starting with a letter)").arg(name));
    if (!c.library)
        return ctx.fail(c.library.error());
    if (!c.library->find(templateName(p))) {
        QStringList names;
        for (const FixtureTemplate &t : c.templates)
            names << t.name;
        return ctx.usage(Tr::tr("fixbench new: no template `%1`; available templates: %2\n%3\nTry `fixbench new --list-templates`.")
                             .arg(templateName(p), names.isEmpty() ? Tr::tr("none") : names.join(QStringLiteral(", ")),
                                  c.available()));
    }
    return -1;
}

} // namespace

void newOptions(CommandLine &line)
{
    line.setDescription(Tr::tr("Adds a fixture to the workspace: copies a template (fixture.yml, compose.yaml, Dockerfile, "
                               "scripts) into the fixtures folder as NAME, replacing %1 in its files by NAME. Refuses an "
                               "existing folder (exit code 1).\n\nTemplates %2")
                            .arg(QLatin1String(TemplateLibrary::kPlaceholder), catalog().available()));
    line.addArgument(QStringLiteral("NAME"),
                     Tr::tr("Fixture name: a new folder under the workspace's fixtures folder (lower-case letters, "
                            "digits, '_' and '-', starting with a letter)."));
    line.addOption({{QStringLiteral("t"), QStringLiteral("template")},
                    Tr::tr("The template to copy (default: %1).").arg(QLatin1String(TemplateLibrary::kDefaultTemplate)),
                    QStringLiteral("T")});
    line.addOption({QStringLiteral("list-templates"), Tr::tr("List the templates and what they provide, then exit.")});
    line.setCheck(check);
    line.setWorkspaceHint(Tr::tr(". `fixbench new` adds a fixture to a workspace: create one first with `fixbench init` "
                                 "in your project's root folder (or `fixbench init DIR`), then run `fixbench new` there"));
}

int cmdNew(CommandContext &ctx)
{
    const QCommandLineParser &p = ctx.options();
    const QString name = p.positionalArguments().first();
    const QString dir = QDir(ctx.workspace().fixturesDir()).filePath(name);
    auto created = catalog().library->instantiate(templateName(p), name, dir);
    if (!created)
        return ctx.fail(created.error());
    out(Tr::tr("created %1 from template `%2`: %3\nTry: fixbench up %4")
            .arg(dir, templateName(p), created->join(QStringLiteral(", ")), name));
    return ExitOk;
}

} // namespace fixbench
