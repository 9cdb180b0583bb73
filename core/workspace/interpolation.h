#pragma once

#include "base/environment.h"
#include "base/error.h"
#include "workspace/fixturespec.h"

#include <QMap>
#include <QString>

#include <functional>
#include <optional>

namespace fixbench {

struct AllocatedPort;

// ${NAME}, ${NAME:-default}, ${NAME-default}, $NAME and $$ (a literal $).
class Interpolation {
public:
    using Lookup = std::function<std::optional<QString>(const QString &name)>;

    // Expands one template. An unknown variable without a default, or a malformed
    // reference ("${", "${}", "${1A}"), is a Spec error at `where`.
    static Result<QString> expand(const QString &tmpl, const Lookup &lookup, const SourceLocation &where);

    // Names referenced by a template (for dependency ordering).
    static QStringList references(const QString &tmpl);

    // Resolves a fixture's whole `environment`: variables may reference allocated
    // ports, builtins (FIXBENCH_*), each other in any order, and the process
    // environment (last). Cycles are Spec errors naming the variables involved.
    // The result lists port variables (source "port"), then the fixture's own
    // variables in declaration order (source "fixture:<name>"), then builtins.
    static Result<Environment> resolveFixtureEnvironment(const FixtureSpec &spec,
                                                        const QList<AllocatedPort> &ports,
                                                        const QMap<QString, QString> &builtins,
                                                        const QProcessEnvironment &process
                                                        = QProcessEnvironment::systemEnvironment());
};

} // namespace fixbench
