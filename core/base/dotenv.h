#pragma once

#include "base/environment.h"
#include "base/error.h"

#include <QString>

namespace fixbench {

// A dotenv file (`NAME=value` lines) that python-dotenv (docker-compose v1
// `--env-file`, many tools) and VS Code's `envFile` read back exactly:
//   - a value of plain characters (letters, digits, _ . / : @ % + , = - \) is written bare;
//   - one without ', \ or a line break in single quotes (no escapes);
//   - else in double quotes with \\ \" \n \r \t escaped (python-dotenv decodes them; VS
//     Code's envFile does not: such a file is not exact for it, see exactForVsCode).
// A value that cannot be written exactly is an error naming the variable, never a changed
// value: one holding ${NAME} or ${NAME:-default}, which python-dotenv 0.21 (docker-compose
// v1 `--env-file`) expands in every value, quoted or not, with no escape; one that needs
// quotes and ends with a backslash (python-dotenv reads `\"` as an escaped closing quote).
class DotEnv {
public:
    struct Text {
        QString text;
        // Every value was written bare or single-quoted: VS Code's envFile (which only
        // strips surrounding quotes) reads the same values.
        bool exactForVsCode = true;
        QStringList secretsLeftOut; // names of secrets not written (showSecrets false)
    };

    // One `NAME=value` line (without its line break). *doubleQuoted tells which quoting.
    static Result<QString> line(const QString &name, const QString &value, bool *doubleQuoted = nullptr);
    // Every variable of `env`, in order. Without showSecrets a secret is left out (a
    // comment says so): a masked value would be a wrong value.
    static Result<Text> format(const Environment &env, bool showSecrets);
    // Writes `text` to `path`, readable by its owner only (0600: it may hold secrets).
    static Status writeFile(const QString &path, const QString &text);
};

} // namespace fixbench
