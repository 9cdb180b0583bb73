#pragma once

#include <curl/curl.h>

#include <mutex>

namespace fixbench {

// curl_global_init exactly once per process, before the first easy handle, whichever
// part of core (engine client, FTP client, http readiness probe) comes first.
// (curl_global_init is not thread-safe on every libcurl; this guard is.)
inline void ensureCurlGlobalInit()
{
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

} // namespace fixbench
