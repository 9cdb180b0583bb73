#pragma once

// ingest's uploader: stores a file on an FTP server (passive mode, EPSV) with plain
// POSIX sockets. The system under test of this example project.

#include <string>

namespace ingest {

struct FtpServer {
    std::string host;
    int port = 21;
    std::string user;
    std::string password;
};

struct UploadResult {
    bool ok = false;
    int replyCode = 0;     // the server's last reply code (530: login refused, ...)
    std::string message;   // what went wrong, with the server's reply
};

// Uploads `content` as `name` in the login folder.
UploadResult upload(const FtpServer &server, const std::string &name, const std::string &content);
// The size the server reports for `name` (SIZE), or -1.
long long remoteSize(const FtpServer &server, const std::string &name);

} // namespace ingest
