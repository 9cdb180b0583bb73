#pragma once

// Header-only Qt conveniences over <fixbench/testing.h>, for test code that already
// uses Qt. The client library itself never links Qt.
//
//   auto ftp = fixbench::testing::up("ftp_server");
//   QString host = fixbench::testing::qEnv(ftp, QStringLiteral("FTP_HOST"));
//   process.setProcessEnvironment(fixbench::testing::qProcessEnvironment(ftp));

#include <fixbench/testing.h>

#include <QProcessEnvironment>
#include <QString>

namespace fixbench::testing {

inline QString qEnv(const Fixture &fixture, const QString &name)
{
    return QString::fromStdString(fixture.env(name.toStdString()));
}

inline QString qEnv(const Fixture &fixture, const QString &name, const QString &fallback)
{
    return fixture.has(name.toStdString()) ? qEnv(fixture, name) : fallback;
}

// `base` (default: this process's environment) with the fixture's variables on top.
inline QProcessEnvironment qProcessEnvironment(const Fixture &fixture,
                                               QProcessEnvironment base = QProcessEnvironment::systemEnvironment())
{
    for (const auto &[name, value] : fixture.environment())
        base.insert(QString::fromStdString(name), QString::fromStdString(value));
    return base;
}

} // namespace fixbench::testing
