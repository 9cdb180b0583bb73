# Precompiled headers (option FIXBENCH_PCH, on by default) for the Qt-heavy targets, and
# no moc for targets without a QObject. Build-time only: nothing here is installed.
#
# One PCH per family of targets compiled with the same flags; the rest of the family
# takes it with REUSE_FROM, so e.g. the unit and integration tests parse Qt Core and
# gtest once, not once per executable. GCC uses a PCH only if every macro defined
# when it was built is defined the same way in the user (-Winvalid-pch: "not used
# because `X' not defined"; the build still succeeds, just without the PCH), so the
# owner is the target with the fewest definitions; extra ones in a user (FIXBENCH_CLI,
# QT_CONCURRENT_LIB) are fine as long as no header of the PCH tests them.
#   core      fixbench_base owns it (Qt Core + std); the other core modules, the CLI,
#             the benchmarks reuse it.
#   tests     fixbench_testmain (tests/CMakeLists.txt) owns Qt Core + gtest; unit and
#             integration tests reuse it.
#   gui       fixbench_gui owns Qt Widgets; fixbench-gui reuses it.
#   gui tests the first tests/gui test owns Qt Widgets + QtTest; the others reuse it.
#   etl       weather_etl_lib owns Qt Core (weather-etl reuses it); the first ETL unit
#             test owns Qt Core + gtest for all the ETL's tests.
# A PCH only adds headers in front of each source: every file still includes what it
# uses; configure with -DFIXBENCH_PCH=OFF to check that a file compiles on its own.
# The in-test client fixbench::testing (Qt-free, installed) and the gtest samples get
# no PCH.
#
# ccache: PCH builds are cached only with
#   ccache --set-config sloppiness=pch_defines,time_macros
# (or CCACHE_SLOPPINESS=pch_defines,time_macros); without it ccache compiles every
# PCH user uncached. With ccache and no such setting, -DFIXBENCH_PCH=OFF may be the
# cheaper build.

set(FIXBENCH_PCH_QTCORE
  <QString> <QStringList> <QByteArray> <QList> <QHash> <QSet> <QVariant>
  <QCoreApplication> <QDir> <QFile> <QFileInfo> <QDateTime> <QElapsedTimer>
  <QRegularExpression> <QJsonDocument> <QJsonObject> <QJsonArray>
  <QThread> <QMutex> <QProcess> <QTemporaryDir>
  <algorithm> <atomic> <functional> <memory> <optional> <string> <vector>)
set(FIXBENCH_PCH_GTEST ${FIXBENCH_PCH_QTCORE} <gtest/gtest.h>)
set(FIXBENCH_PCH_WIDGETS ${FIXBENCH_PCH_QTCORE}
  <QApplication> <QWidget> <QAction> <QLabel> <QVBoxLayout> <QHBoxLayout> <QTimer>
  <QToolBar> <QSettings> <QPointer> <QAbstractItemModel> <QTreeView> <QPlainTextEdit>
  <QLineEdit> <QPushButton> <QHeaderView> <QDialog> <QMenu>)
set(FIXBENCH_PCH_QTEST ${FIXBENCH_PCH_WIDGETS} <QTest> <QSignalSpy> <QAbstractItemModelTester>)

# fixbench_pch(target HEADERS...): target gets its own PCH of these headers.
function(fixbench_pch target)
  if(FIXBENCH_PCH)
    target_precompile_headers(${target} PRIVATE ${ARGN})
  endif()
endfunction()

# fixbench_pch_reuse(target owner): target uses owner's PCH (same compile flags).
function(fixbench_pch_reuse target owner)
  if(FIXBENCH_PCH)
    target_precompile_headers(${target} REUSE_FROM ${owner})
  endif()
endfunction()

# fixbench_no_moc(targets...): no QObject in these targets' own sources: no
# <target>_autogen step and no mocs_compilation.cpp to compile. (A Q_OBJECT added
# later fails to link with "undefined reference to vtable": remove the target here.)
function(fixbench_no_moc)
  set_target_properties(${ARGN} PROPERTIES AUTOMOC OFF)
endfunction()
