#pragma once

#include "run/testresult.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace fixbench {

// GoogleTest's own result stream (`--gtest_stream_result_to=127.0.0.1:PORT`): every test
// part result — each failure with its exact message — sent as it happens over a local
// TCP connection, apart from what the test prints. The console cannot tell where a
// failure message ends (gtest prints nothing after it, so the test's later output runs
// on into it); this stream can, in every --gtest_repeat iteration and also when the
// binary crashes or is killed before it writes its JSON report.
//
//   gtest_streaming_protocol_version=1.0
//   event=TestIterationStart&iteration=0
//   event=TestCaseStart&name=Suite
//   event=TestStart&name=Test
//   event=TestPartResult&file=a.cpp&line=18&message=Expected equality...%0A  41
//   event=TestEnd&passed=0&elapsed_time=0ms
//
// Listens on the loopback interface before the binary starts (so gtest's connect
// always succeeds); poll() reads what arrived without blocking. A second connection
// (a death test's child) is read and dropped.
class GTestEventStream {
public:
    struct Part {
        QString file;
        int line = 0;
        QString message;
    };

    GTestEventStream();
    ~GTestEventStream();
    GTestEventStream(const GTestEventStream &) = delete;
    GTestEventStream &operator=(const GTestEventStream &) = delete;

    bool isListening() const { return m_listen >= 0; }
    // "--gtest_stream_result_to=127.0.0.1:PORT"; "" when not listening.
    QString argument() const;
    // Masked in every message kept (Environment::maskSecrets).
    void setSecrets(const QStringList &secrets) { m_secrets = secrets; }

    // Reads what arrived; never blocks.
    void poll();
    // Feeds protocol text directly (what poll() does with what it reads).
    void feed(QByteArrayView bytes);

    // The failures of `r` get the exact messages of the parts the stream recorded for
    // the same test and iteration: in order, each to the next unused part with the
    // same line (and file). Returns how many were replaced.
    int applyTo(TestResult &r) const;
    const QList<Part> parts(const QString &fullName, int iteration) const
    {
        return m_parts.value(key(fullName, iteration));
    }

    // One protocol line ("event=X&k=v..."), URL-decoded: {"event": "X", "k": "v"}.
    static QHash<QString, QString> parseLine(QByteArrayView line);

private:
    static QString key(const QString &fullName, int iteration) { return QString::number(iteration) + QLatin1Char('\n') + fullName; }
    void handleLine(QByteArrayView line);
    void drain(int fd, bool keep);

    int m_listen = -1;
    int m_conn = -1;
    QList<int> m_others; // further connections: read and dropped
    quint16 m_port = 0;
    QByteArray m_buffer;
    QStringList m_secrets;
    QString m_suite;
    QString m_test;
    int m_iteration = 1;
    QHash<QString, QList<Part>> m_parts; // iteration + full name → its parts, in order
};

} // namespace fixbench
