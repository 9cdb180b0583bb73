#include "editorlauncher.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QSettings>
#include <QStandardPaths>
#include <QTimer>

namespace fixbench {

namespace {

const char kKey[] = "editor/command";

} // namespace

EditorLauncher::EditorLauncher(QObject *parent) : QObject(parent) {}

QString EditorLauncher::command()
{
    const QString configured = QSettings().value(QLatin1String(kKey)).toString().trimmed();
    return configured.isEmpty() ? defaultCommand() : configured;
}

void EditorLauncher::setCommand(const QString &command)
{
    if (command.trimmed().isEmpty())
        QSettings().remove(QLatin1String(kKey));
    else
        QSettings().setValue(QLatin1String(kKey), command.trimmed());
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

QStringList EditorLauncher::splitWords(const QString &command, QString *error)
{
    QStringList words;
    QString word;
    bool inWord = false;
    enum { None, Single, Double } quote = None;
    for (int i = 0; i < command.size(); ++i) {
        const QChar c = command[i];
        if (quote == Single) {
            if (c == QLatin1Char('\''))
                quote = None;
            else
                word += c;
        } else if (quote == Double) {
            if (c == QLatin1Char('"')) {
                quote = None;
            } else if (c == QLatin1Char('\\') && i + 1 < command.size()
                       && QStringLiteral("\"\\$`").contains(command[i + 1])) {
                word += command[++i];
            } else {
                word += c;
            }
        } else if (c.isSpace()) {
            if (inWord)
                words << word;
            word.clear();
            inWord = false;
        } else {
            inWord = true;
            if (c == QLatin1Char('\''))
                quote = Single;
            else if (c == QLatin1Char('"'))
                quote = Double;
            else if (c == QLatin1Char('\\') && i + 1 < command.size())
                word += command[++i];
            else
                word += c;
        }
    }
    if (quote != None) {
        if (error)
            *error = tr("unclosed %1 quote in the editor command: %2")
                         .arg(quote == Single ? QStringLiteral("'") : QStringLiteral("\""), command);
        return {};
    }
    if (inWord)
        words << word;
    return words;
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
    const QString program = parts.first();
    if (QStandardPaths::findExecutable(program).isEmpty() && !QFileInfo(program).isExecutable()) {
        Q_EMIT failed(tr("The editor command's program `%1` was not found (View ▸ Editor Command…: %2)").arg(program, cmd));
        return false;
    }
    // Detached (the editor outlives the workbench), through sh for its exit code and
    // error output: an editor that fails at once is reported, one that runs is left be.
    if (!m_dir.isValid()) {
        Q_EMIT failed(tr("Cannot start the editor: no temporary folder (%1)").arg(m_dir.errorString()));
        return false;
    }
    const QString base = m_dir.filePath(QStringLiteral("editor-%1").arg(++m_count));
    QProcess p;
    p.setProgram(QStringLiteral("/bin/sh"));
    p.setArguments(QStringList{QStringLiteral("-c"),
                               QStringLiteral("\"$@\" >/dev/null 2>\"$0.err\" </dev/null; { echo $? >\"$0.rc\"; } 2>/dev/null"), base}
                   + parts);
    if (!p.startDetached()) {
        Q_EMIT failed(tr("Cannot start the editor `%1`: %2").arg(program, p.errorString()));
        return false;
    }
    Q_EMIT launched(program, parts.mid(1));
    auto *poll = new QTimer(this);
    auto clock = std::make_shared<QElapsedTimer>();
    clock->start();
    poll->setInterval(150);
    connect(poll, &QTimer::timeout, this, [this, poll, clock, base, cmd]() {
        QFile rc(base + QStringLiteral(".rc"));
        if (rc.open(QIODevice::ReadOnly)) {
            const QByteArray text = rc.readAll().trimmed();
            if (text.isEmpty())
                return; // being written
            poll->deleteLater();
            const int code = text.toInt();
            if (code != 0) {
                QFile err(base + QStringLiteral(".err"));
                const QString words = err.open(QIODevice::ReadOnly) ? QString::fromLocal8Bit(err.readAll()).trimmed() : QString();
                Q_EMIT failed(tr("The editor command failed (exit code %1): %2").arg(code).arg(cmd)
                              + (words.isEmpty() ? QString() : QStringLiteral("\n") + words.right(2000)));
            }
            QFile::remove(base + QStringLiteral(".rc"));
            QFile::remove(base + QStringLiteral(".err"));
            return;
        }
        if (clock->elapsed() > m_watchMs)
            poll->deleteLater(); // still running: an editor window
    });
    poll->start();
    return true;
}

} // namespace fixbench
