#include "workspace/templatelibrary.h"

#include "workspace/yamlutil.h"

#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>

#include <algorithm>

namespace fixbench {

namespace {

struct Tr {
    Q_DECLARE_TR_FUNCTIONS(fixbench::TemplateLibrary)
};

const QString kSpecFileName = QStringLiteral("fixture.yml");

// fixture.yml's description, read without validating the rest (a template may hold
// placeholders that only make sense once instantiated).
QString readDescription(const QString &specFile)
{
    QFile f(specFile);
    if (!f.open(QIODevice::ReadOnly))
        return Tr::tr("(cannot read %1: %2)").arg(specFile, f.errorString());
    Result<YAML::Node> doc = yaml::load(f.readAll(), specFile);
    if (!doc)
        return Tr::tr("(invalid fixture.yml: %1)").arg(doc.error().toString());
    if (!doc->IsMap())
        return {};
    const YAML::Node d = (*doc)["description"];
    if (!d.IsDefined() || !d.IsScalar())
        return {};
    return yaml::toQString(d.Scalar()).trimmed();
}

// Text files get {{name}} replaced; anything with a NUL byte or invalid UTF-8 is copied as is.
bool isText(const QByteArray &data)
{
    if (data.contains('\0'))
        return false;
    return QString::fromUtf8(data).toUtf8() == data;
}

} // namespace

QStringList TemplateLibrary::searchPath(const QString &exeDir)
{
    QStringList dirs;
    const QString fromEnv = qEnvironmentVariable("FIXBENCH_TEMPLATES_DIR");
    if (!fromEnv.isEmpty())
        dirs << QDir::cleanPath(QDir(fromEnv).absolutePath());
    const QDir exe(exeDir);
    dirs << QDir::cleanPath(exe.absoluteFilePath(QStringLiteral("../share/fixbench/templates")))
         << QDir::cleanPath(exe.absoluteFilePath(QStringLiteral("../../share/fixbench/templates")));
    return dirs;
}

Result<TemplateLibrary> TemplateLibrary::locate(const QString &exeDir)
{
    const QString fromEnv = qEnvironmentVariable("FIXBENCH_TEMPLATES_DIR");
    if (!fromEnv.isEmpty()) {
        const QString dir = QDir::cleanPath(QDir(fromEnv).absolutePath());
        if (!QFileInfo(dir).isDir())
            return Error(Error::Kind::NotFound,
                         Tr::tr("FIXBENCH_TEMPLATES_DIR is %1, which is not a folder; point it at a folder of "
                                "fixture templates or unset it to use the installed ones")
                             .arg(dir));
        return at(dir);
    }
    const QStringList candidates = searchPath(exeDir);
    for (const QString &dir : candidates) {
        if (QFileInfo(dir).isDir())
            return at(dir);
    }
    return Error(Error::Kind::NotFound,
                 Tr::tr("no fixture templates found; looked in %1 (FIXBENCH_TEMPLATES_DIR is not set). Reinstall "
                        "fixbench, build the `fixbench` target (it copies templates/ into the build tree), or set "
                        "FIXBENCH_TEMPLATES_DIR to a folder of templates")
                     .arg(candidates.join(QStringLiteral(", "))));
}

TemplateLibrary TemplateLibrary::at(const QString &dir)
{
    TemplateLibrary lib;
    lib.m_dir = QDir::cleanPath(QDir(dir).absolutePath());
    return lib;
}

QList<FixtureTemplate> TemplateLibrary::templates() const
{
    QList<FixtureTemplate> out;
    const QDir dir(m_dir);
    const QStringList subdirs = dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    for (const QString &sub : subdirs) {
        const QString spec = dir.filePath(sub + QLatin1Char('/') + kSpecFileName);
        if (!QFileInfo(spec).isFile())
            continue;
        out.append(FixtureTemplate{sub, dir.filePath(sub), readDescription(spec)});
    }
    return out;
}

QStringList TemplateLibrary::names() const
{
    QStringList out;
    for (const FixtureTemplate &t : templates())
        out << t.name;
    return out;
}

std::optional<FixtureTemplate> TemplateLibrary::find(const QString &name) const
{
    for (const FixtureTemplate &t : templates()) {
        if (t.name == name)
            return t;
    }
    return std::nullopt;
}

Result<QStringList> TemplateLibrary::instantiate(const QString &templateName, const QString &fixtureName,
                                                 const QString &destination) const
{
    const std::optional<FixtureTemplate> tpl = find(templateName);
    if (!tpl) {
        const QStringList available = names();
        return Error(Error::Kind::NotFound,
                     Tr::tr("no template `%1` in %2; available templates: %3")
                         .arg(templateName, m_dir, available.isEmpty() ? Tr::tr("none") : yaml::quotedList(available)));
    }
    const QString dest = QDir::cleanPath(QDir(destination).absolutePath());
    if (QFileInfo::exists(dest))
        return Error(Error::Kind::Io, Tr::tr("%1 already exists; nothing was changed (choose another name, or "
                                             "remove that folder first)")
                                          .arg(dest));
    const QString parent = QFileInfo(dest).absolutePath();
    if (!QDir().mkpath(parent))
        return Error(Error::Kind::Io, Tr::tr("cannot create the folder %1").arg(parent));

    // Build the fixture in a hidden sibling, then rename: all or nothing.
    const QString staging = QDir(parent).filePath(
        QStringLiteral(".%1.new-%2").arg(QFileInfo(dest).fileName()).arg(QRandomGenerator::global()->generate(), 8, 16,
                                                                          QLatin1Char('0')));
    auto failed = [&](const QString &message) -> Error {
        QDir(staging).removeRecursively();
        return Error(Error::Kind::Io, message);
    };
    if (!QDir().mkpath(staging))
        return failed(Tr::tr("cannot create the folder %1").arg(staging));

    const QByteArray placeholder(kPlaceholder);
    const QByteArray replacement = fixtureName.toUtf8();
    QStringList created;
    QDirIterator it(tpl->dir, QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString from = it.next();
        const QFileInfo info = it.fileInfo();
        const QString rel = QDir(tpl->dir).relativeFilePath(from);
        const QString to = QDir(staging).filePath(rel);
        if (info.isDir()) {
            if (!QDir().mkpath(to))
                return failed(Tr::tr("cannot create the folder %1").arg(to));
            continue;
        }
        QFile in(from);
        if (!in.open(QIODevice::ReadOnly))
            return failed(Tr::tr("cannot read %1: %2").arg(from, in.errorString()));
        QByteArray data = in.readAll();
        if (isText(data))
            data.replace(placeholder, replacement);
        QDir().mkpath(QFileInfo(to).absolutePath());
        QFile out(to);
        if (!out.open(QIODevice::WriteOnly) || out.write(data) != data.size())
            return failed(Tr::tr("cannot write %1: %2").arg(to, out.errorString()));
        out.close();
        if (!out.setPermissions(info.permissions()))
            return failed(Tr::tr("cannot set the permissions of %1").arg(to));
        created << rel;
    }
    if (!QDir().rename(staging, dest))
        return failed(Tr::tr("cannot rename %1 to %2").arg(staging, dest));
    std::sort(created.begin(), created.end());
    return created;
}

} // namespace fixbench
