#include "externallauncher.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QSettings>
#include <QStandardPaths>
#include <QTimer>

#include <memory>

namespace fixbench {

ExternalLauncher::ExternalLauncher(QObject *parent) : QObject(parent) {}

QString ExternalLauncher::storedCommand(const char *key)
{
    return QSettings().value(QLatin1String(key)).toString().trimmed();
}

void ExternalLauncher::storeCommand(const char *key, const QString &command)
{
    if (command.trimmed().isEmpty())
        QSettings().remove(QLatin1String(key));
    else
        QSettings().setValue(QLatin1String(key), command.trimmed());
}

QStringList ExternalLauncher::splitWords(const QString &command, QString *error)
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
            *error = tr("unclosed %1 quote in the command: %2")
                         .arg(quote == Single ? QStringLiteral("'") : QStringLiteral("\""), command);
        return {};
    }
    if (inWord)
        words << word;
    return words;
}

bool ExternalLauncher::start(const QStringList &parts, const QString &configured, const Messages &messages)
{
    const QString program = parts.first();
    if (QStandardPaths::findExecutable(program).isEmpty() && !QFileInfo(program).isExecutable()) {
        Q_EMIT failed(messages.notFound.arg(program, configured));
        return false;
    }
    // Detached (it outlives the workbench), through sh for its exit code and error
    // output: a program that fails at once is reported, one that runs is left be.
    if (!m_dir.isValid()) {
        Q_EMIT failed(messages.cannotStart.arg(program, tr("no temporary folder (%1)").arg(m_dir.errorString())));
        return false;
    }
    const QString base = m_dir.filePath(QStringLiteral("launch-%1").arg(++m_count));
    QProcess p;
    p.setProgram(QStringLiteral("/bin/sh"));
    p.setArguments(QStringList{QStringLiteral("-c"),
                               QStringLiteral("\"$@\" >/dev/null 2>\"$0.err\" </dev/null; { echo $? >\"$0.rc\"; } 2>/dev/null"), base}
                   + parts);
    if (!p.startDetached()) {
        Q_EMIT failed(messages.cannotStart.arg(program, p.errorString()));
        return false;
    }
    Q_EMIT launched(program, parts.mid(1));
    auto *poll = new QTimer(this);
    auto clock = std::make_shared<QElapsedTimer>();
    clock->start();
    poll->setInterval(150);
    connect(poll, &QTimer::timeout, this, [this, poll, clock, base, configured, exited = messages.exited]() {
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
                Q_EMIT failed(exited.arg(code).arg(configured)
                              + (words.isEmpty() ? QString() : QStringLiteral("\n") + words.right(2000)));
            }
            QFile::remove(base + QStringLiteral(".rc"));
            QFile::remove(base + QStringLiteral(".err"));
            return;
        }
        if (clock->elapsed() > m_watchMs)
            poll->deleteLater(); // still running: a window
    });
    poll->start();
    return true;
}

} // namespace fixbench
