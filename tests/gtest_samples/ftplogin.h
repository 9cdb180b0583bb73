#pragma once
// A real FTP session through libcurl on a fixture's server: login, PASV, LIST.
// Shared by the samples that use fixbench::testing::up() on an FTP fixture.
#include <fixbench/testing.h>

#include <curl/curl.h>

#include <string>

namespace samples {

inline size_t discard(char *, size_t size, size_t n, void *)
{
    return size * n;
}

inline size_t readNothing(char *, size_t, size_t, void *)
{
    return 0; // an empty file
}

// One FTP transfer through libcurl: lists `url` (a folder) or uploads an empty file to it.
inline CURLcode ftpTransfer(const std::string &url, const std::string &userpwd, bool upload)
{
    CURL *c = curl_easy_init();
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_USERPWD, userpwd.c_str());
    if (upload) {
        curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
        curl_easy_setopt(c, CURLOPT_READFUNCTION, readNothing);
    } else {
        curl_easy_setopt(c, CURLOPT_DIRLISTONLY, 1L);
        curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
    }
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 10L);
    const CURLcode rc = curl_easy_perform(c);
    curl_easy_cleanup(c);
    return rc;
}

// CURLE_OK when the login and the listing of / worked.
inline CURLcode ftpLoginAndList(const fixbench::testing::Fixture &ftp)
{
    return ftpTransfer("ftp://" + ftp.env("FTP_HOST") + ":" + std::to_string(ftp.port("FTP_PORT")) + "/",
                       ftp.env("FTP_USER") + ":" + ftp.env("FTP_PASS"), false);
}

} // namespace samples
