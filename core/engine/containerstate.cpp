#include "engine/containerstate.h"

#include <QRegularExpression>

namespace fixbench {

QString containerHealthName(ContainerHealth health)
{
    switch (health) {
    case ContainerHealth::None: return QString();
    case ContainerHealth::Starting: return QStringLiteral("starting");
    case ContainerHealth::Healthy: return QStringLiteral("healthy");
    case ContainerHealth::Unhealthy: return QStringLiteral("unhealthy");
    }
    return QString();
}

namespace containerstate {

ContainerHealth healthFromInspect(const QString &healthStatus)
{
    if (healthStatus == QLatin1String("starting"))
        return ContainerHealth::Starting;
    if (healthStatus == QLatin1String("healthy"))
        return ContainerHealth::Healthy;
    if (healthStatus == QLatin1String("unhealthy"))
        return ContainerHealth::Unhealthy;
    return ContainerHealth::None;
}

ContainerHealth healthFromStatusText(const QString &statusText)
{
    // The engine (container/state.go) writes "Up <duration> (<health>)" for a running
    // container with a healthcheck, where <health> is "health: starting" or the status.
    if (!statusText.startsWith(QLatin1String("Up ")))
        return ContainerHealth::None;
    if (statusText.contains(QLatin1String("(health: starting)")))
        return ContainerHealth::Starting;
    if (statusText.contains(QLatin1String("(healthy)")))
        return ContainerHealth::Healthy;
    if (statusText.contains(QLatin1String("(unhealthy)")))
        return ContainerHealth::Unhealthy;
    return ContainerHealth::None;
}

int exitCodeFromStatusText(const QString &statusText)
{
    static const QRegularExpression re(QStringLiteral("^(?:Exited|Restarting) \\((-?\\d+)\\)"));
    const QRegularExpressionMatch m = re.match(statusText);
    return m.hasMatch() ? m.captured(1).toInt() : 0;
}

} // namespace containerstate

} // namespace fixbench
