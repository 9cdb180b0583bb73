#include "testsmodel.h"

#include "run/testsession.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>

using namespace fixbench;

namespace {

TestBinarySpec spec(const QString &name, const QStringList &fixtures = {})
{
    TestBinarySpec s;
    s.name = name;
    s.path = QStringLiteral("/bin/") + name;
    s.fixtures = fixtures;
    return s;
}

DiscoveredBinary discovered(const QString &name)
{
    DiscoveredBinary b;
    b.name = name;
    b.path = QStringLiteral("/bin/") + name;
    TestSuiteInfo math{QStringLiteral("Math"), {}, {}};
    for (const char *t : {"Adds", "Subtracts", "DISABLED_Divides"}) {
        TestCaseInfo c;
        c.suite = QStringLiteral("Math");
        c.name = QLatin1String(t);
        c.disabled = c.name.startsWith(QLatin1String("DISABLED_"));
        c.file = QStringLiteral("/src/math_test.cpp");
        c.line = 10;
        math.tests << c;
    }
    TestSuiteInfo io{QStringLiteral("Io"), {}, {}};
    TestCaseInfo reads;
    reads.suite = QStringLiteral("Io");
    reads.name = QStringLiteral("Reads");
    io.tests << reads;
    b.suites = {math, io};
    return b;
}

TestResult result(const QString &binary, const QString &suite, const QString &name, TestStatus status, qint64 ms = 5)
{
    TestResult r;
    r.binary = binary;
    r.suite = suite;
    r.name = name;
    r.status = status;
    r.durationMs = status == TestStatus::Running ? -1 : ms;
    return r;
}

} // namespace

class TestTestsModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void treeFromDiscovery()
    {
        TestsModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        m.setBinaries({spec(QStringLiteral("unit")), spec(QStringLiteral("integration"), {QStringLiteral("ftp_server")})});
        QCOMPARE(m.rowCount(), 2);
        const QModelIndex unit = m.indexOfBinary(QStringLiteral("unit"));
        QCOMPARE(m.rowCount(unit), 0);
        m.setDiscovering(QStringLiteral("unit"), true);
        QCOMPARE(m.index(0, TestsModel::StatusColumn).data().toString(), QStringLiteral("listing…"));
        m.setDiscovered(discovered(QStringLiteral("unit")));
        QCOMPARE(m.rowCount(unit), 2);
        const QModelIndex math = m.index(0, 0, unit);
        QCOMPARE(math.data().toString(), QStringLiteral("Math"));
        QCOMPARE(m.rowCount(math), 3);
        const QModelIndex adds = m.index(0, 0, math);
        QCOMPARE(adds.data(TestsModel::FullNameRole).toString(), QStringLiteral("Math.Adds"));
        QCOMPARE(adds.data(TestsModel::KindRole).toInt(), int(TestsModel::TestKind));
        QCOMPARE(adds.data(TestsModel::FileRole).toString(), QStringLiteral("/src/math_test.cpp"));
        QCOMPARE(adds.data(TestsModel::StatusRole).toInt(), -1);
        QCOMPARE(adds.data(Qt::CheckStateRole).toInt(), int(Qt::Checked));
        QVERIFY(m.index(1, 0, math) == m.indexOfTest(QStringLiteral("unit"), QStringLiteral("Math.Subtracts")));
        // A binary that could not be listed says why.
        DiscoveredBinary broken;
        broken.name = QStringLiteral("integration");
        broken.error = Error(Error::Kind::NotFound, QStringLiteral("does not exist; build it first"));
        m.setDiscovered(broken);
        QCOMPARE(m.index(1, TestsModel::StatusColumn).data().toString(), QStringLiteral("error"));
        QVERIFY(m.index(1, 0).data(TestsModel::ErrorRole).toString().contains(QStringLiteral("build it first")));
    }

    void runLifecycleAndAggregates()
    {
        TestsModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        m.setBinaries({spec(QStringLiteral("unit"))});
        m.setDiscovered(discovered(QStringLiteral("unit")));
        const QModelIndex unit = m.indexOfBinary(QStringLiteral("unit"));
        const QModelIndex math = m.index(0, 0, unit);
        QSignalSpy reset(&m, &QAbstractItemModel::modelReset);

        m.markQueued(QStringLiteral("unit"), TestSelection::all());
        QVERIFY(unit.data(TestsModel::QueuedRole).toBool());
        QCOMPARE(m.index(0, TestsModel::StatusColumn, math).data().toString(), QStringLiteral("queued"));
        QVERIFY(!m.index(2, 0, math).data(TestsModel::QueuedRole).toBool()); // disabled: not queued

        m.upsert({result(QStringLiteral("unit"), QStringLiteral("Math"), QStringLiteral("Adds"), TestStatus::Running)});
        QCOMPARE(unit.data(TestsModel::StatusRole).toInt(), int(TestStatus::Running));
        m.upsert({result(QStringLiteral("unit"), QStringLiteral("Math"), QStringLiteral("Adds"), TestStatus::Passed, 12)});
        TestResult failed = result(QStringLiteral("unit"), QStringLiteral("Math"), QStringLiteral("Subtracts"), TestStatus::Failed, 3);
        failed.failures << TestFailure{QStringLiteral("/src/math_test.cpp"), 21, QStringLiteral("Expected equality")};
        failed.output = QStringLiteral("debug line");
        m.upsert({failed});
        QCOMPARE(math.data(TestsModel::StatusRole).toInt(), int(TestStatus::Failed)); // worst wins
        QCOMPARE(m.index(0, TestsModel::DurationColumn, math).data().toString(), QStringLiteral("12 ms"));
        QCOMPARE(m.index(0, TestsModel::DurationColumn, unit).data().toString(), QStringLiteral("15 ms")); // the suite: a sum
        const TestResult *r = m.resultAt(m.index(1, 0, math));
        QVERIFY(r);
        QCOMPARE(r->failures.size(), 1);
        QCOMPARE(r->output, QStringLiteral("debug line"));

        // The binary ends; Io.Reads never ran.
        BinaryReport report;
        report.binary = QStringLiteral("unit");
        report.elapsedMs = 40;
        report.results << result(QStringLiteral("unit"), QStringLiteral("Math"), QStringLiteral("Adds"), TestStatus::Passed, 12) << failed;
        m.finishBinary(report);
        // A fixture it needs died while it ran: its tooltip says so beside the failure.
        QVERIFY(!unit.data(Qt::ToolTipRole).toString().contains(QStringLiteral("died")));
        report.fixtureDeaths << QStringLiteral("fixture db died: service pg exited (code 137)");
        m.finishBinary(report);
        QVERIFY(unit.data(Qt::ToolTipRole).toString().contains(QStringLiteral("fixture db died: service pg exited (code 137)")));
        const QModelIndex io = m.index(1, 0, unit);
        QCOMPARE(m.index(0, 0, io).data(TestsModel::StatusRole).toInt(), int(TestStatus::NotRun));
        QVERIFY(!unit.data(TestsModel::QueuedRole).toBool());
        QCOMPARE(m.index(0, TestsModel::DurationColumn, unit.parent()).data().toString(), QStringLiteral("40 ms"));
        QVERIFY(m.lastReport(QStringLiteral("unit")));
        QCOMPARE(reset.count(), 0);

        // Run failed: what failed last time.
        const auto failedSel = m.failedSelections();
        QCOMPARE(failedSel.size(), 1);
        QCOMPARE(failedSel.first().second.tests, QStringList{QStringLiteral("Math.Subtracts")});

        // A result for a test nobody listed (binary not listed yet): added on the fly.
        m.upsert({result(QStringLiteral("unit"), QStringLiteral("New"), QStringLiteral("Appears"), TestStatus::Passed)});
        QCOMPARE(m.rowCount(unit), 3);
        QVERIFY(m.indexOfTest(QStringLiteral("unit"), QStringLiteral("New.Appears")).isValid());
    }

    // A running test and its binary count their time live (a hang shows); a binary waiting
    // for its turn shows no time, not "0 ms".
    void runningShowsElapsedLive()
    {
        TestsModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        qint64 now = 100000;
        m.setClock([&now] { return now; });
        m.setBinaries({spec(QStringLiteral("unit"))});
        m.setDiscovered(discovered(QStringLiteral("unit")));
        const QModelIndex unit = m.indexOfBinary(QStringLiteral("unit"));
        const QModelIndex math = m.index(0, 0, unit);
        auto duration = [&](const QModelIndex &i) { return i.siblingAtColumn(TestsModel::DurationColumn).data().toString(); };
        m.markQueued(QStringLiteral("unit"), TestSelection::all());
        QCOMPARE(duration(unit), QString());
        QCOMPARE(unit.siblingAtColumn(TestsModel::StatusColumn).data().toString(), QStringLiteral("queued"));

        m.upsert({result(QStringLiteral("unit"), QStringLiteral("Math"), QStringLiteral("Adds"), TestStatus::Running)});
        const QModelIndex adds = m.index(0, 0, math);
        QCOMPARE(duration(adds), QStringLiteral("0 ms"));
        now += 2500;
        QCOMPARE(duration(adds), QStringLiteral("2.50 s"));
        QCOMPARE(duration(unit), QStringLiteral("2.50 s"));
        QCOMPARE(duration(math), QStringLiteral("2.50 s"));
        // The view hears of it every second while something runs.
        QSignalSpy changed(&m, &QAbstractItemModel::dataChanged);
        QTRY_VERIFY_WITH_TIMEOUT(std::any_of(changed.cbegin(), changed.cend(),
                                             [&](const QList<QVariant> &args) {
                                                 return args.at(0).toModelIndex() == adds.siblingAtColumn(TestsModel::DurationColumn);
                                             }),
                                 3000);
        // Done: its own duration; the binary still runs (the next test is queued).
        now += 500;
        m.upsert({result(QStringLiteral("unit"), QStringLiteral("Math"), QStringLiteral("Adds"), TestStatus::Passed, 2900)});
        QCOMPARE(duration(adds), QStringLiteral("2.90 s"));
        QCOMPARE(duration(unit), QStringLiteral("3.00 s"));
        BinaryReport report;
        report.binary = QStringLiteral("unit");
        report.elapsedMs = 3100;
        m.finishBinary(report);
        now += 60000;
        QCOMPARE(duration(unit), QStringLiteral("3.10 s"));
        changed.clear();
        QTest::qWait(1300);
        QCOMPARE(changed.count(), 0); // nothing runs: no ticking
    }

    // A real run (TestSession, real gtest binaries) of binaries never listed: what never
    // ran is in the tree by name, a printed [ OK ] then a crash is a crash, a failing
    // global environment has its row.
    void realRunNamesWhatNeverRanAndWhatFailedOutsideTests()
    {
        TestsModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QList<TestBinarySpec> specs;
        QList<TestRun> runs;
        for (const char *name : {"sample_fake_ok", "sample_global_env"}) {
            TestBinarySpec s;
            s.name = QLatin1String(name);
            s.path = QStringLiteral(FIXBENCH_BINARY_DIR "/tests/gtest_samples/") + s.name;
            specs << s;
            TestRun r;
            r.name = s.name;
            r.program = s.path;
            runs << r;
        }
        m.setBinaries(specs);
        TestSession session;
        connect(&session, &TestSession::resultsBatch, &m, &TestsModel::upsert);
        connect(&session, &TestSession::binaryFinished, &m, &TestsModel::finishBinary);
        QVERIFY(session.start(runs));
        QVERIFY(session.waitForFinished(60000));

        const QModelIndex fake = m.indexOfTest(QStringLiteral("sample_fake_ok"), QStringLiteral("FakeOk.PrintsOkThenCrashes"));
        QVERIFY(fake.isValid());
        QCOMPARE(fake.data(TestsModel::StatusRole).toInt(), int(TestStatus::Crashed));
        for (const char *never : {"FakeOk.NeverRuns", "Later.NeverRunsEither"}) {
            const QModelIndex n = m.indexOfTest(QStringLiteral("sample_fake_ok"), QLatin1String(never));
            QVERIFY2(n.isValid(), never);
            QCOMPARE(n.data(TestsModel::StatusRole).toInt(), int(TestStatus::NotRun));
            QCOMPARE(n.siblingAtColumn(TestsModel::StatusColumn).data().toString(), TestsModel::statusText(TestStatus::NotRun));
            QVERIFY(n.data(Qt::ToolTipRole).toString().contains(QStringLiteral("crashed")));
        }
        const QModelIndex outside = m.indexOfTest(QStringLiteral("sample_global_env"), TestResult::outsideTestName());
        QVERIFY(outside.isValid());
        QCOMPARE(outside.data(TestsModel::StatusRole).toInt(), int(TestStatus::Failed));
        QCOMPARE(outside.parent().data().toString(), QStringLiteral("Outside any test"));
        QCOMPARE(m.selectionAt(outside).second.isAll(), true); // only the whole binary brings it back
        const TestResult *r = m.resultAt(outside);
        QVERIFY(r);
        QCOMPARE(r->failures.size(), 1);
        QCOMPARE(r->failures.first().message, QStringLiteral("Failed\nthe global environment failed"));
        const QModelIndex disabled = m.indexOfTest(QStringLiteral("sample_global_env"), QStringLiteral("GlobalEnv.DISABLED_Off"));
        QVERIFY(disabled.isValid());
        QCOMPARE(disabled.data(TestsModel::StatusRole).toInt(), int(TestStatus::Disabled));
    }

    void checkboxesMakeSelections()
    {
        TestsModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        m.setBinaries({spec(QStringLiteral("unit")), spec(QStringLiteral("other"))});
        m.setDiscovered(discovered(QStringLiteral("unit")));
        const QModelIndex unit = m.indexOfBinary(QStringLiteral("unit"));
        const QModelIndex math = m.index(0, 0, unit);
        const QModelIndex io = m.index(1, 0, unit);
        // Everything checked: every binary, whole.
        auto sel = m.checkedSelections();
        QCOMPARE(sel.size(), 2);
        QVERIFY(sel[0].second.isAll());
        // Uncheck one test: its suite partial, the binary partial.
        QVERIFY(m.setData(m.index(1, 0, math), Qt::Unchecked, Qt::CheckStateRole));
        QCOMPARE(math.data(Qt::CheckStateRole).toInt(), int(Qt::PartiallyChecked));
        QCOMPARE(unit.data(Qt::CheckStateRole).toInt(), int(Qt::PartiallyChecked));
        sel = m.checkedSelections();
        QCOMPARE(sel[0].first, QStringLiteral("unit"));
        QCOMPARE(sel[0].second.suites, QStringList{QStringLiteral("Io")});
        QCOMPARE(sel[0].second.tests, (QStringList{QStringLiteral("Math.Adds"), QStringLiteral("Math.DISABLED_Divides")}));
        // Uncheck a whole binary (no tests listed): left out.
        QVERIFY(m.setData(m.indexOfBinary(QStringLiteral("other")), Qt::Unchecked, Qt::CheckStateRole));
        sel = m.checkedSelections();
        QCOMPARE(sel.size(), 1);
        // A suite's checkbox checks its tests.
        QVERIFY(m.setData(io, Qt::Unchecked, Qt::CheckStateRole));
        QCOMPARE(m.index(0, 0, io).data(Qt::CheckStateRole).toInt(), int(Qt::Unchecked));
        m.setAllChecked(true);
        QCOMPARE(unit.data(Qt::CheckStateRole).toInt(), int(Qt::Checked));
        // One row's selection (double-click).
        QCOMPARE(m.selectionAt(m.index(0, 0, math)).second.tests, QStringList{QStringLiteral("Math.Adds")});
        QCOMPARE(m.selectionAt(io).second.suites, QStringList{QStringLiteral("Io")});
        QVERIFY(m.selectionAt(unit).second.isAll());
    }

    void rediscoveryKeepsResultsAndChecks()
    {
        TestsModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        m.setBinaries({spec(QStringLiteral("unit"))});
        m.setDiscovered(discovered(QStringLiteral("unit")));
        const QModelIndex unit = m.indexOfBinary(QStringLiteral("unit"));
        m.upsert({result(QStringLiteral("unit"), QStringLiteral("Math"), QStringLiteral("Adds"), TestStatus::Passed)});
        QVERIFY(m.setData(m.indexOfTest(QStringLiteral("unit"), QStringLiteral("Io.Reads")), Qt::Unchecked, Qt::CheckStateRole));
        // Rebuilt: a test was added.
        DiscoveredBinary again = discovered(QStringLiteral("unit"));
        TestCaseInfo added;
        added.suite = QStringLiteral("Math");
        added.name = QStringLiteral("Multiplies");
        again.suites[0].tests << added;
        m.setDiscovered(again);
        QCOMPARE(m.rowCount(m.index(0, 0, unit)), 4);
        QCOMPARE(m.indexOfTest(QStringLiteral("unit"), QStringLiteral("Math.Adds")).data(TestsModel::StatusRole).toInt(),
                 int(TestStatus::Passed));
        QCOMPARE(m.indexOfTest(QStringLiteral("unit"), QStringLiteral("Io.Reads")).data(Qt::CheckStateRole).toInt(),
                 int(Qt::Unchecked));
    }

    // F5 with a filter: only the checked tests the filter shows; the rest counted.
    void checkedSelectionsOnlyWhatIsShown()
    {
        TestsModel m;
        m.setBinaries({spec(QStringLiteral("unit")), spec(QStringLiteral("unlisted"))});
        m.setDiscovered(discovered(QStringLiteral("unit")));
        auto shownIf = [](const QString &needle) {
            return [needle](const QModelIndex &i) { return i.data().toString().contains(needle); };
        };
        int hidden = -1;
        auto sel = m.checkedSelections(shownIf(QStringLiteral("Adds")), &hidden);
        QCOMPARE(sel.size(), 1);
        QCOMPARE(sel.first().first, QStringLiteral("unit"));
        QCOMPARE(sel.first().second.tests, QStringList{QStringLiteral("Math.Adds")});
        QVERIFY(sel.first().second.suites.isEmpty());
        QCOMPARE(hidden, 4); // Subtracts, DISABLED_Divides, Io.Reads, the unlisted binary
        // Everything of a suite shown: the suite.
        sel = m.checkedSelections(shownIf(QStringLiteral("Reads")), &hidden);
        QCOMPARE(sel.size(), 1);
        QCOMPARE(sel.first().second.suites, QStringList{QStringLiteral("Io")});
        // Unchecked stays out even when shown.
        m.setData(m.indexOfTest(QStringLiteral("unit"), QStringLiteral("Math.Adds")), Qt::Unchecked, Qt::CheckStateRole);
        sel = m.checkedSelections(shownIf(QStringLiteral("Adds")), &hidden);
        QVERIFY(sel.isEmpty());
        // A binary not listed yet stands for its tests.
        sel = m.checkedSelections(shownIf(QStringLiteral("unlisted")), &hidden);
        QCOMPARE(sel.size(), 1);
        QCOMPARE(sel.first().first, QStringLiteral("unlisted"));
        QVERIFY(sel.first().second.isAll());
    }

    void texts()
    {
        QCOMPARE(TestsModel::durationText(-1), QString());
        QCOMPARE(TestsModel::durationText(999), QStringLiteral("999 ms"));
        QCOMPARE(TestsModel::durationText(1500), QStringLiteral("1.50 s"));
        QCOMPARE(TestsModel::durationText(65000), QStringLiteral("65.0 s"));
        QCOMPARE(TestsModel::statusText(TestStatus::TimedOut), QStringLiteral("timed out"));
    }
};

QTEST_MAIN(TestTestsModel)
#include "test_testsmodel.moc"
