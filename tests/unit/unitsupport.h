#pragma once

// Small helpers shared by the unit tests: QString printing in failure messages, and
// files written and read in a test's temporary folder.

#include "qstringprinter.h"

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QString>

#include <gtest/gtest.h>

#include <string>

namespace fixbench::unitsupport {

inline std::string str(const QString &s) { return s.toStdString(); }

// Writes `content` to `path`, creating its folders; a failure fails the test.
inline void writeFile(const QString &path, const QByteArray &content)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly)) << str(path);
    f.write(content);
}

inline QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace fixbench::unitsupport
