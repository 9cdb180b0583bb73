#pragma once

#include "run/binaryreport.h"
#include "base/error.h"

#include <QByteArray>
#include <QList>
#include <QString>

class QIODevice;

namespace fixbench {

// JUnit XML as Jenkins (junit plugin) and GitLab (artifacts:reports:junit) read it:
//   <testsuites name tests failures errors skipped time>
//     <testsuite name="BINARY.SUITE" tests failures errors skipped time>
//       <testcase name="TEST" classname="BINARY.SUITE" file line time>
//         <failure message type>every failure, file:line first</failure>
//         <error message type="crash|timeout|interrupted">...</error>
//         <skipped message/>
//         <system-out><![CDATA[the test's output]]></system-out>
// Failed tests are <failure>; crashed, timed-out and interrupted ones are <error>;
// skipped, disabled and never-run ones (the binary died first) <skipped message="why">.
// Failures outside any test are a <testcase name="(outside any test)" classname="BINARY">
// with a <failure>. A binary-level problem (not a gtest binary, crash outside any test)
// is a <testcase name="(binary)"> with an <error>; the binary's warnings are the
// <system-err> of its first <testsuite>. A repeated
// test's later iterations are named "TEST (iteration N)". Characters XML 1.0 forbids
// (ANSI escapes, other control characters) are dropped.
class JUnitWriter {
public:
    static QByteArray toXml(const QList<BinaryReport> &reports, const QString &name = QStringLiteral("fixbench"));
    static Status write(const QList<BinaryReport> &reports, QIODevice *device, const QString &name = QStringLiteral("fixbench"));
    static Status writeFile(const QList<BinaryReport> &reports, const QString &path, const QString &name = QStringLiteral("fixbench"));

    // Text safe in XML 1.0: ANSI sequences stripped, forbidden characters removed.
    static QString xmlSafe(const QString &text);
};

} // namespace fixbench
