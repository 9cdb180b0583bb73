#include "ftpupload.h"

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <netdb.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

namespace ingest {

namespace {

int connectTo(const std::string &host, int port)
{
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo *res = nullptr;
    if (::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &res) != 0)
        return -1;
    int fd = -1;
    for (addrinfo *a = res; a; a = a->ai_next) {
        fd = ::socket(a->ai_family, a->ai_socktype, a->ai_protocol);
        if (fd < 0)
            continue;
        timeval tv{10, 0};
        ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
        if (::connect(fd, a->ai_addr, a->ai_addrlen) == 0)
            break;
        ::close(fd);
        fd = -1;
    }
    ::freeaddrinfo(res);
    return fd;
}

class Control {
public:
    explicit Control(int fd) : m_fd(fd) {}
    ~Control()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    // Reads one (possibly multi-line) reply; returns its code, 0 on a broken connection.
    int reply(std::string *text)
    {
        text->clear();
        for (;;) {
            std::string line;
            if (!readLine(&line))
                return 0;
            *text += line + "\n";
            if (line.size() >= 4 && std::isdigit(static_cast<unsigned char>(line[0])) && line[3] == ' ')
                return std::atoi(line.substr(0, 3).c_str());
        }
    }
    int command(const std::string &cmd, std::string *text)
    {
        const std::string out = cmd + "\r\n";
        if (::send(m_fd, out.data(), out.size(), MSG_NOSIGNAL) != ssize_t(out.size()))
            return 0;
        return reply(text);
    }

private:
    bool readLine(std::string *line)
    {
        for (;;) {
            const std::size_t nl = m_buffer.find('\n');
            if (nl != std::string::npos) {
                *line = m_buffer.substr(0, nl);
                if (!line->empty() && line->back() == '\r')
                    line->pop_back();
                m_buffer.erase(0, nl + 1);
                return true;
            }
            char chunk[1024];
            const ssize_t n = ::recv(m_fd, chunk, sizeof chunk, 0);
            if (n <= 0)
                return false;
            m_buffer.append(chunk, std::size_t(n));
        }
    }
    int m_fd;
    std::string m_buffer;
};

UploadResult failed(int code, const std::string &what, const std::string &reply)
{
    UploadResult r;
    r.replyCode = code;
    r.message = what + (reply.empty() ? std::string() : ": " + reply);
    return r;
}

// Connects and logs in; returns the reply code of the last step (230 when logged in).
int login(Control &c, const FtpServer &server, std::string *text)
{
    int code = c.reply(text);
    if (code != 220)
        return code;
    code = c.command("USER " + server.user, text);
    if (code == 331)
        code = c.command("PASS " + server.password, text);
    return code;
}

} // namespace

UploadResult upload(const FtpServer &server, const std::string &name, const std::string &content)
{
    const int fd = connectTo(server.host, server.port);
    if (fd < 0)
        return failed(0, "cannot connect to " + server.host + ":" + std::to_string(server.port), std::strerror(errno));
    Control c(fd);
    std::string text;
    int code = login(c, server, &text);
    if (code != 230)
        return failed(code, "login as " + server.user + " refused", text);
    if ((code = c.command("TYPE I", &text)) != 200)
        return failed(code, "TYPE I", text);
    if ((code = c.command("EPSV", &text)) != 229)
        return failed(code, "EPSV", text);
    // 229 Entering Extended Passive Mode (|||port|)
    const std::size_t open = text.find("(|||");
    if (open == std::string::npos)
        return failed(code, "EPSV reply without a port", text);
    const int dataPort = std::atoi(text.c_str() + open + 4);
    const int data = connectTo(server.host, dataPort);
    if (data < 0)
        return failed(0, "cannot open the data connection to port " + std::to_string(dataPort), std::strerror(errno));
    code = c.command("STOR " + name, &text);
    if (code != 150 && code != 125) {
        ::close(data);
        return failed(code, "STOR " + name, text);
    }
    std::size_t sent = 0;
    while (sent < content.size()) {
        const ssize_t n = ::send(data, content.data() + sent, content.size() - sent, MSG_NOSIGNAL);
        if (n <= 0)
            break;
        sent += std::size_t(n);
    }
    ::close(data);
    code = c.reply(&text);
    if (code != 226 || sent != content.size())
        return failed(code, "transfer of " + name + " (" + std::to_string(sent) + " of " + std::to_string(content.size()) + " bytes)", text);
    c.command("QUIT", &text);
    UploadResult ok;
    ok.ok = true;
    ok.replyCode = code;
    return ok;
}

long long remoteSize(const FtpServer &server, const std::string &name)
{
    const int fd = connectTo(server.host, server.port);
    if (fd < 0)
        return -1;
    Control c(fd);
    std::string text;
    if (login(c, server, &text) != 230 || c.command("TYPE I", &text) != 200)
        return -1;
    if (c.command("SIZE " + name, &text) != 213)
        return -1;
    return std::atoll(text.c_str() + 4);
}

} // namespace ingest
