#pragma once

#include "fixture/fixturemanager.h"

#include <QIcon>
#include <QString>

namespace fixbench {

// The application's icons, from the resource file (resources/resources.qrc): SVG,
// so they are sharp at every device pixel ratio.
class Icons {
public:
    static QIcon app();
    static QIcon get(const QString &name); // ":/icons/<name>.svg"
    static QIcon fixtureState(FixtureState state, bool stale);
    // A container: its engine state ("running", "exited", ...) and health.
    static QIcon containerState(const QString &state, const QString &health);
};

// Makes sure the resources of the static GUI library are registered (call once, early).
void initGuiResources();

} // namespace fixbench
