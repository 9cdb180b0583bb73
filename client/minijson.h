#pragma once

// Internal to the in-test client: a small JSON reader for the CLI's machine
// interface (standard library only). Objects keep their members in order.

#include <string>
#include <utility>
#include <vector>

namespace fixbench::testing::detail {

struct JsonValue {
    enum class Type { Null, Bool, Number, String, Array, Object };
    Type type = Type::Null;
    bool boolean = false;
    double number = 0;
    std::string string;
    std::vector<JsonValue> array;
    std::vector<std::pair<std::string, JsonValue>> object;

    // The member `key` of an object, or nullptr (also when this is not an object).
    const JsonValue *find(const std::string &key) const;
    // Conveniences that fall back when the member is missing or of another type.
    std::string stringOr(const std::string &key, const std::string &fallback = {}) const;
    bool boolOr(const std::string &key, bool fallback = false) const;
    double numberOr(const std::string &key, double fallback = 0) const;
};

// Parses one JSON text; throws std::runtime_error("offset N: what") when it is not JSON.
JsonValue parseJson(const std::string &text);

} // namespace fixbench::testing::detail
