#include "editorlauncher.h"

#include <QStandardPaths>

namespace fixbench {

namespace {

const char kKey[] = "editor/command";

} // namespace

EditorLauncher::EditorLauncher(QObject *parent) : ExternalLauncher(parent) {}

QString EditorLauncher::command()
{
    const QString configured = storedCommand(kKey);
    return configured.isEmpty() ? defaultCommand() : configured;
}

void EditorLauncher::setCommand(const QString &command)
{
    storeCommand(kKey, command);
}

QString EditorLauncher::defaultCommand()
{
    // Editors that open a file at a line, in the order a desktop most likely prefers them.
    static const QList<QPair<const char *, const char *>> known = {
        {"code", "code --goto %f:%l"},       {"codium", "codium --goto %f:%l"}, {"kate", "kate --line %l %f"},
        {"gedit", "gedit +%l %f"},           {"gnome-text-editor", "gnome-text-editor +%l %f"},
        {"gvim", "gvim +%l %f"},             {"emacs", "emacs +%l %f"},         {"xed", "xed +%l %f"},
        {"mousepad", "mousepad --line %l %f"}, {"geany", "geany +%l %f"},
    };
    for (const auto &[program, command] : known)
        if (!QStandardPaths::findExecutable(QLatin1String(program)).isEmpty())
            return QLatin1String(command);
    return QStringLiteral("xdg-open %f");
}

QStringList EditorLauncher::arguments(const QString &command, const QString &file, int line, QString *error)
{
    QStringList parts = splitWords(command, error);
    for (QString &p : parts)
        p.replace(QLatin1String("%f"), file).replace(QLatin1String("%l"), QString::number(std::max(1, line)));
    return parts;
}

bool EditorLauncher::open(const QString &file, int line)
{
    const QString cmd = command();
    QString error;
    const QStringList parts = arguments(cmd, file, line, &error);
    if (parts.isEmpty()) {
        Q_EMIT failed(error.isEmpty() ? tr("The editor command is empty (View ▸ Editor Command…)") : error);
        return false;
    }
    return start(parts, cmd,
                 {tr("The editor command's program `%1` was not found (View ▸ Editor Command…: %2)"),
                  tr("Cannot start the editor `%1`: %2"), tr("The editor command failed (exit code %1): %2")});
}

} // namespace fixbench
