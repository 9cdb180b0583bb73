#pragma once

#include <QString>

#include <optional>
#include <utility>
#include <variant>

namespace fixbench::etl {

// A failure of the weather ETL: what went wrong, where, and what to do. Errors are
// values: every call that can fail returns Result<T> (Status when there is no value).
struct Error {
    enum class Kind {
        Other,       // bad settings, malformed answers, anything else
        Io,          // the local file system (spool, conflict copies)
        Connection,  // refused / unresolvable / reset
        Timeout,     // no (complete) answer in time
        Auth,        // wrong credentials (FTP 530, HTTP 401/403)
        NotFound,    // no such remote file (FTP 550) or city (HTTP 404)
        Ftp,         // any other FTP failure (replyCode says which)
    };

    Kind kind = Kind::Other;
    QString message;    // one or more sentences: what, where, what to do
    QString details;    // optional multi-line context (e.g. the server's reply)
    int replyCode = 0;  // the FTP reply code or HTTP status behind the error, 0 if none

    Error() = default;
    Error(Kind k, QString msg, QString det = {}) : kind(k), message(std::move(msg)), details(std::move(det)) {}

    // "message\n  | details..." — what weather-etl prints.
    QString toString() const;
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

} // namespace fixbench::etl
