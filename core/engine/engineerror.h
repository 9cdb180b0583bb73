#pragma once

#include "base/error.h"

#include <QByteArray>
#include <QString>

namespace fixbench {

// How an answer of the Docker engine that is not a success becomes an Error. Pure (no
// I/O): every call of EngineClient maps answers alike, and unit tests need no engine.
// Callers decide on Error::kind and Error::replyCode (the HTTP status), never on the
// message text.
namespace engineerror {

// 404 → NotFound (no such container, network, volume, image), 401/403 → Auth (an
// authorization plugin or proxy refused), anything else → Engine (409 conflict: in use or
// not running; 500: the engine failed; ...).
Error::Kind kindForStatus(int httpStatus);

// The engine's own explanation: the "message" of its JSON body, else the trimmed body.
QString messageOf(const QByteArray &body);

// "<what>: the Docker engine at <endpoint> answered HTTP <status>: <engine's message>",
// with kindForStatus(httpStatus) and replyCode = httpStatus.
Error fromAnswer(const QString &what, const QString &endpoint, int httpStatus, const QByteArray &body);

} // namespace engineerror

} // namespace fixbench
