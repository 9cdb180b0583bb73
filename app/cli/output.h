#pragma once

#include "base/environment.h"
#include "base/error.h"

#include <QJsonObject>
#include <QString>

namespace fixbench {

// stdout / stderr, one line each, flushed.
void out(const QString &s);
void err(const QString &s);

// The version of the machine interface (`--json` answers of `up`, errors included):
// docs/machine-interface.md. Bump it when a field changes meaning or goes away.
inline constexpr int kMachineSchema = 1;
// {"schema": N, "fixbench": "<version>", ...payload}
QJsonObject machineAnswer(const QJsonObject &payload);
// {"schema": N, "fixbench": ..., "error": {kind, message, details, exit_code, reply_code}}
QJsonObject machineError(const Error &e, int exitCode);
// name → {value, secret, source}; secret values masked unless showSecrets.
QJsonObject environmentJson(const Environment &env, bool showSecrets);

} // namespace fixbench
