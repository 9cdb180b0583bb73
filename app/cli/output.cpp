#include "output.h"

#include <QCoreApplication>

#include <cstdio>

namespace fixbench {

void out(const QString &s)
{
    fputs(qPrintable(s), stdout);
    fputc('\n', stdout);
    fflush(stdout);
}

void err(const QString &s)
{
    fputs(qPrintable(s), stderr);
    fputc('\n', stderr);
    fflush(stderr);
}

QJsonObject machineAnswer(const QJsonObject &payload)
{
    QJsonObject o{{QStringLiteral("schema"), kMachineSchema},
                  {QStringLiteral("fixbench"), QCoreApplication::applicationVersion()}};
    for (auto it = payload.begin(); it != payload.end(); ++it)
        o.insert(it.key(), it.value());
    return o;
}

QJsonObject machineError(const Error &e, int exitCode)
{
    QJsonObject error{{QStringLiteral("kind"), QString::fromLatin1(Error::kindName(e.kind))},
                      {QStringLiteral("message"), e.location.isValid() ? e.location.toString() + QStringLiteral(": ") + e.message
                                                                       : e.message},
                      {QStringLiteral("exit_code"), exitCode}};
    if (!e.details.isEmpty())
        error.insert(QStringLiteral("details"), e.details);
    if (e.replyCode)
        error.insert(QStringLiteral("reply_code"), e.replyCode);
    return machineAnswer({{QStringLiteral("error"), error}});
}

QJsonObject environmentJson(const Environment &env, bool showSecrets)
{
    QJsonObject vars;
    for (const auto &v : env.variables())
        vars.insert(v.name, QJsonObject{{QStringLiteral("value"), Environment::displayValue(v, showSecrets)},
                                        {QStringLiteral("secret"), v.secret},
                                        {QStringLiteral("source"), v.source}});
    return vars;
}

} // namespace fixbench
