#include "run/debuglaunch.h"

#include "base/dotenv.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

namespace fixbench {

namespace {
struct Tr {
    Q_DECLARE_TR_FUNCTIONS(fixbench::DebugLaunch)
};

// JSON with comments (VS Code's settings and launch files) made plain JSON: comments and
// trailing commas become spaces, line breaks stay, so an error's offset is still where
// it is in the file.
QByteArray withoutComments(QByteArray text)
{
    enum { Code, String, Line, Block } state = Code;
    qsizetype lastComma = -1; // a comma in code, blanked if a } or ] follows it
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char c = text[i];
        const char next = i + 1 < text.size() ? text[i + 1] : '\0';
        switch (state) {
        case String:
            if (c == '\\')
                ++i;
            else if (c == '"')
                state = Code;
            break;
        case Line:
            if (c == '\n')
                state = Code;
            else
                text[i] = ' ';
            break;
        case Block:
            if (c == '*' && next == '/') {
                text[i] = text[i + 1] = ' ';
                ++i;
                state = Code;
            } else if (c != '\n') {
                text[i] = ' ';
            }
            break;
        case Code:
            if (c == '"') {
                state = String;
                lastComma = -1;
            } else if (c == '/' && (next == '/' || next == '*')) {
                state = next == '/' ? Line : Block;
                text[i] = text[i + 1] = ' ';
                ++i;
            } else if (c == ',') {
                lastComma = i;
            } else if ((c == '}' || c == ']') && lastComma >= 0) {
                text[lastComma] = ' ';
                lastComma = -1;
            } else if (!QChar::isSpace(uchar(c))) {
                lastComma = -1;
            }
            break;
        }
    }
    return text;
}

SourceLocation locationOf(const QByteArray &text, qsizetype offset, const QString &path)
{
    const QByteArray before = text.left(offset);
    const int line = int(before.count('\n')) + 1;
    const int column = int(offset - (before.lastIndexOf('\n') + 1)) + 1;
    return {path, line, column};
}

} // namespace

Result<QStringList> DebugLaunch::gdbArguments(TestRun run, const GdbOptions &options)
{
    run.options.breakOnFailure = true;
    auto args = run.arguments();
    if (!args)
        return args.error();
    QStringList out = options.extra;
    if (options.catchThrow)
        out << QStringLiteral("-ex") << QStringLiteral("catch throw");
    if (options.batchFile.isEmpty())
        out << QStringLiteral("-ex") << QStringLiteral("run");
    else
        out << QStringLiteral("-batch") << QStringLiteral("-x") << options.batchFile;
    out << QStringLiteral("--args") << run.program << *args;
    return out;
}

Result<QJsonObject> DebugLaunch::vscodeConfiguration(TestRun run, const QString &name, const QString &envFile)
{
    run.options.breakOnFailure = true;
    auto args = run.arguments();
    if (!args)
        return args.error();
    QJsonArray environment;
    const Environment injected = run.injectedEnvironment(); // the loop must not outlive it
    for (const Environment::Variable &v : injected.variables())
        environment.append(QJsonObject{{QStringLiteral("name"), v.name}, {QStringLiteral("value"), v.value}});
    QJsonObject config{
        {QStringLiteral("name"), name},
        {QStringLiteral("type"), QStringLiteral("cppdbg")},
        {QStringLiteral("request"), QStringLiteral("launch")},
        {QStringLiteral("program"), run.program},
        {QStringLiteral("args"), QJsonArray::fromStringList(*args)},
        {QStringLiteral("cwd"), run.effectiveWorkingDirectory()},
        {QStringLiteral("environment"), environment},
        {QStringLiteral("stopAtEntry"), false},
        {QStringLiteral("externalConsole"), false},
        {QStringLiteral("MIMode"), QStringLiteral("gdb")},
        {QStringLiteral("setupCommands"),
         QJsonArray{QJsonObject{{QStringLiteral("description"), QStringLiteral("Enable pretty-printing for gdb")},
                                {QStringLiteral("text"), QStringLiteral("-enable-pretty-printing")},
                                {QStringLiteral("ignoreFailures"), true}}}},
    };
    if (!envFile.isEmpty())
        config.insert(QStringLiteral("envFile"), envFile);
    return config;
}

Result<QByteArray> DebugLaunch::mergeLaunchJson(const QByteArray &existing, const QJsonObject &configuration, const QString &path)
{
    QJsonObject root;
    if (!existing.trimmed().isEmpty()) {
        const QByteArray plain = withoutComments(existing);
        QJsonParseError pe;
        const QJsonDocument doc = QJsonDocument::fromJson(plain, &pe);
        if (pe.error != QJsonParseError::NoError)
            return Error(Error::Kind::Spec, Tr::tr("%1 is not valid JSON: %2").arg(path, pe.errorString()), {},
                         locationOf(plain, pe.offset, path));
        if (!doc.isObject() || (doc.object().contains(QStringLiteral("configurations"))
                                && !doc.object().value(QStringLiteral("configurations")).isArray()))
            return Error(Error::Kind::Spec,
                         Tr::tr("%1 is not a launch.json file: an object with a `configurations` list is expected").arg(path),
                         {}, SourceLocation{path, 1, 1});
        root = doc.object();
    }
    if (!root.contains(QStringLiteral("version")))
        root.insert(QStringLiteral("version"), QStringLiteral("0.2.0"));
    QJsonArray configurations = root.value(QStringLiteral("configurations")).toArray();
    const QString name = configuration.value(QStringLiteral("name")).toString();
    bool replaced = false;
    for (qsizetype i = 0; i < configurations.size(); ++i)
        if (configurations[i].toObject().value(QStringLiteral("name")).toString() == name) {
            configurations[i] = configuration;
            replaced = true;
            break;
        }
    if (!replaced)
        configurations.append(configuration);
    root.insert(QStringLiteral("configurations"), configurations);
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

Result<DebugLaunch::VsCodeExport> DebugLaunch::exportVsCode(const TestRun &run, const QString &name, const QString &launchJsonPath)
{
    VsCodeExport out;
    out.launchJson = QFileInfo(launchJsonPath).absoluteFilePath();
    const QDir dir = QFileInfo(out.launchJson).absoluteDir();
    if (!dir.exists() && !QDir().mkpath(dir.path()))
        return Error(Error::Kind::Io, Tr::tr("cannot create the folder %1").arg(dir.path()));
    QString fileName = name;
    fileName.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9_.-]+")), QStringLiteral("_"));
    fileName.remove(QRegularExpression(QStringLiteral("^_+|_+$")));
    const QString envPath = dir.filePath(fileName + QStringLiteral(".env"));
    auto dotenv = DotEnv::format(run.injectedEnvironment(), true);
    if (!dotenv) {
        out.note = Tr::tr("%1 not written: %2; the launch configuration's environment has every variable exactly")
                       .arg(QDir::toNativeSeparators(envPath), dotenv.error().message);
    } else {
        if (Status s = DotEnv::writeFile(envPath, dotenv->text); !s)
            return s.error();
        out.envFile = envPath;
        out.envFileReferenced = dotenv->exactForVsCode;
        if (!dotenv->exactForVsCode)
            out.note = Tr::tr("%1 is not referenced as envFile: VS Code would read its escaped values (quotes, backslashes, "
                              "line breaks) differently; the configuration's environment has them exactly")
                           .arg(QFileInfo(envPath).fileName());
    }
    auto config = vscodeConfiguration(run, name, out.envFileReferenced ? out.envFile : QString());
    if (!config)
        return config.error();
    QByteArray existing;
    if (QFile f(out.launchJson); f.exists()) {
        if (!f.open(QIODevice::ReadOnly))
            return Error(Error::Kind::Io, Tr::tr("cannot read %1: %2").arg(out.launchJson, f.errorString()));
        existing = f.readAll();
    }
    auto merged = mergeLaunchJson(existing, *config, out.launchJson);
    if (!merged)
        return merged.error();
    if (Status s = DotEnv::writeFile(out.launchJson, QString::fromUtf8(*merged)); !s)
        return s.error();
    return out;
}

} // namespace fixbench
