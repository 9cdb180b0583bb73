#pragma once

#include "base/error.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace fixbench {

// Strict UTF-8 checks for what fixbench reads from disk (YAML files, folder names):
// a byte that is not UTF-8 is an error saying where, never a U+FFFD passed on
// silently (nor a Python traceback from a compose that reads the file after us).
namespace utf8 {

// Where the first byte that is not well-formed UTF-8 is (overlong forms, surrogates
// and code points past U+10FFFF count as not UTF-8): line and column are 1-based, the
// column in characters as editors count them. file is left empty.
struct Invalid {
    qsizetype offset = 0;
    int line = 1;
    int column = 1;
    unsigned char byte = 0;
};
std::optional<Invalid> firstInvalid(const QByteArray &bytes);

// A Spec error at file:line:col ("not UTF-8 (byte 0xE9)") when `bytes` is not UTF-8.
Status check(const QByteArray &bytes, const QString &file);

// Whether a name (a folder name as the file system holds it) is UTF-8.
inline bool isValid(const QByteArray &bytes) { return !firstInvalid(bytes).has_value(); }

} // namespace utf8

} // namespace fixbench
