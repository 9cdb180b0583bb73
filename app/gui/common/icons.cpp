#include "icons.h"

#include <QHash>

static void fixbenchInitResources()
{
    Q_INIT_RESOURCE(resources);
}

namespace fixbench {

void initGuiResources()
{
    static bool done = false;
    if (!done) {
        done = true;
        fixbenchInitResources();
    }
}

QIcon Icons::get(const QString &name)
{
    static QHash<QString, QIcon> cache;
    auto it = cache.constFind(name);
    if (it != cache.constEnd())
        return *it;
    initGuiResources();
    QIcon icon(QStringLiteral(":/icons/%1.svg").arg(name));
    cache.insert(name, icon);
    return icon;
}

QIcon Icons::app()
{
    initGuiResources();
    static const QIcon icon(QStringLiteral(":/icons/fixbench.svg"));
    return icon;
}

QIcon Icons::fixtureState(FixtureState state, bool stale)
{
    switch (state) {
    case FixtureState::Down: return get(QStringLiteral("state-down"));
    case FixtureState::Starting: return get(QStringLiteral("state-starting"));
    case FixtureState::Ready: return get(stale ? QStringLiteral("state-stale") : QStringLiteral("state-ready"));
    case FixtureState::Unhealthy: return get(QStringLiteral("state-unhealthy"));
    case FixtureState::Stopping: return get(QStringLiteral("state-stopping"));
    }
    return {};
}

QIcon Icons::containerState(const QString &state, const QString &health)
{
    if (state == QLatin1String("running")) {
        if (health == QLatin1String("unhealthy"))
            return get(QStringLiteral("state-unhealthy"));
        if (health == QLatin1String("starting"))
            return get(QStringLiteral("state-starting"));
        return get(QStringLiteral("state-ready"));
    }
    if (state == QLatin1String("created") || state == QLatin1String("restarting"))
        return get(QStringLiteral("state-starting"));
    if (state == QLatin1String("removing"))
        return get(QStringLiteral("state-stopping"));
    if (state == QLatin1String("dead"))
        return get(QStringLiteral("state-unhealthy"));
    return get(QStringLiteral("state-down")); // exited, paused
}

} // namespace fixbench
