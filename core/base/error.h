#pragma once

#include <QMetaType>
#include <QString>

#include <optional>
#include <utility>
#include <variant>

namespace fixbench {

// Where in a file something was written: printed as file:line:col.
struct SourceLocation {
    QString file;
    int line = 0;   // 1-based, 0 = unknown
    int column = 0; // 1-based, 0 = unknown

    bool isValid() const { return !file.isEmpty(); }
    QString toString() const;
};

// A failure a user can act on: what went wrong, where, and what to do.
// Errors are values: every core call that can fail returns Result<T>.
struct Error {
    enum class Kind {
        Spec,        // fixture.yml / fixbench.yml invalid
        NotFound,    // no such fixture, file, container, ...
        Io,          // local file system / process spawn
        Engine,      // Docker engine unreachable or answered an error
        Compose,     // compose CLI failed
        Port,        // port allocation failed or port in use
        Timeout,     // readiness or operation timeout
        Hook,        // a hook exited non-zero
        Cancelled,   // user cancelled
        Ftp,         // FTP protocol error (replyCode says which)
        Auth,        // wrong credentials (FTP 530, HTTP 401/403)
        Connection,  // refused / unresolvable / reset
        Test,
        Other,
    };

    Kind kind = Kind::Other;
    QString message;          // one or more sentences: what, where, what to do
    QString details;          // optional multi-line context: stderr, last log lines
    SourceLocation location;  // optional: file:line:col for spec errors
    // The protocol's status behind the error: the FTP reply code (530, 550, ...) or the
    // HTTP status of the Docker engine's answer (every EngineClient error from an answer
    // carries it: 404, 409 = in use / conflict, 500, ...). 0 = no answer: not reachable,
    // timed out, a local failure. Decide on kind and replyCode, never on the message text.
    int replyCode = 0;

    Error() = default;
    Error(Kind k, QString msg, QString det = {}, SourceLocation loc = {})
        : kind(k), message(std::move(msg)), details(std::move(det)), location(std::move(loc)) {}

    static Error spec(const SourceLocation &loc, const QString &msg) { return Error(Kind::Spec, msg, {}, loc); }

    // "file:line:col: message\n  details..." — what the CLI prints.
    QString toString() const;
    static const char *kindName(Kind k);
};

template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value) : m_v(std::move(value)) {}
    Result(Error error) : m_v(std::move(error)) {}

    bool ok() const { return m_v.index() == 0; }
    explicit operator bool() const { return ok(); }

    T &value() & { return std::get<0>(m_v); }
    const T &value() const & { return std::get<0>(m_v); }
    T &&value() && { return std::get<0>(std::move(m_v)); }
    T *operator->() { return &value(); }
    const T *operator->() const { return &value(); }
    T &operator*() { return value(); }
    const T &operator*() const { return value(); }

    const Error &error() const { return std::get<1>(m_v); }

private:
    std::variant<T, Error> m_v;
};

template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Error error) : m_error(std::move(error)) {}

    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }
    const Error &error() const { return *m_error; }

private:
    std::optional<Error> m_error;
};

using Status = Result<void>;

} // namespace fixbench

// Errors cross threads and signals as values (typed, never text to guess from).
Q_DECLARE_METATYPE(fixbench::Error)
