// RunTimeline from events with made-up times: an up's parts (a new part closes the last),
// the steps of a fixture, a binary and its tests, failures marked, the SVG's bars.

#include "run/runtimeline.h"

#include <QXmlStreamReader>

#include "qstringprinter.h"

#include <gtest/gtest.h>

using namespace fixbench;

TEST(RunTimeline, UpPartsStepsBinaryAndTests)
{
    RunTimeline t;
    t.stepStarted(QStringLiteral("ftp"), QStringLiteral("up"), 1000);
    t.stepProgress(QStringLiteral("ftp"), QStringLiteral("compose"), 1010);
    t.stepProgress(QStringLiteral("ftp"), QStringLiteral("compose"), 1500); // same part: goes on
    t.stepProgress(QStringLiteral("ftp"), QStringLiteral("ready"), 2000);
    t.stepFinished(QStringLiteral("ftp"), QStringLiteral("up"), true, 2500);
    t.stepStarted(QStringLiteral("ftp"), QStringLiteral("setup_data"), 2600);
    t.stepProgress(QStringLiteral("ftp"), QStringLiteral("setup_data"), 2650); // not an up: no part
    t.stepFinished(QStringLiteral("ftp"), QStringLiteral("setup_data"), false, 2700);
    t.binaryStarted(QStringLiteral("bin"), 3000);
    BinaryReport r;
    r.binary = QStringLiteral("bin");
    TestResult ok;
    ok.binary = r.binary;
    ok.suite = QStringLiteral("S");
    ok.name = QStringLiteral("Ok");
    ok.status = TestStatus::Passed;
    ok.startMs = 3100;
    ok.endMs = 3200;
    TestResult bad = ok;
    bad.name = QStringLiteral("Bad");
    bad.status = TestStatus::Failed;
    bad.startMs = 3200;
    bad.endMs = 3900;
    bad.fixtureLog = QStringLiteral("[ftp] 00:00:03.500 OK UPLOAD");
    TestResult notRun = ok;
    notRun.name = QStringLiteral("NotRun");
    notRun.status = TestStatus::NotRun;
    notRun.startMs = notRun.endMs = -1;
    r.results << ok << bad << notRun;
    t.binaryFinished(r, 4000);
    t.stepStarted(QStringLiteral("ftp"), QStringLiteral("down"), 4100); // never finished

    const QList<RunTimeline::Bar> bars = t.bars();
    QStringList seen;
    for (const RunTimeline::Bar &b : bars)
        seen << QStringLiteral("%1 %2 %3-%4 %5%6").arg(b.lane, b.phase).arg(b.startMs).arg(b.endMs).arg(b.status, b.part ? QStringLiteral(" part") : QString());
    EXPECT_EQ(seen, (QStringList{QStringLiteral("ftp up 1000-2500 ok"), QStringLiteral("ftp compose 1010-2000 ok part"),
                                 QStringLiteral("ftp ready 2000-2500 ok part"), QStringLiteral("ftp setup_data 2600-2700 failed"),
                                 QStringLiteral("bin binary 3000-4000 failed"), QStringLiteral("bin test 3100-3200 passed part"),
                                 QStringLiteral("bin test 3200-3900 failed part"), QStringLiteral("ftp down 4100--1 ")}));
    EXPECT_TRUE(bars[6].details.contains(bad.fixtureLog));

    // The SVG: one rect per bar with its times; failed ones marked; the open one unfinished.
    QXmlStreamReader x(t.toSvg());
    QStringList rects;
    while (!x.atEnd()) {
        x.readNext();
        if (x.isStartElement() && x.name() == QLatin1String("rect"))
            rects << x.attributes().value(QStringLiteral("data-phase")).toString() + QLatin1Char(' ')
                    + x.attributes().value(QStringLiteral("data-status")).toString() + QLatin1Char(' ')
                    + x.attributes().value(QStringLiteral("class")).toString();
    }
    ASSERT_FALSE(x.hasError()) << x.errorString().toStdString();
    EXPECT_EQ(rects, (QStringList{QStringLiteral("up ok bar"), QStringLiteral("compose ok bar"), QStringLiteral("ready ok bar"),
                                  QStringLiteral("setup_data failed bar failed"), QStringLiteral("binary failed bar failed"),
                                  QStringLiteral("test passed bar"), QStringLiteral("test failed bar failed"),
                                  QStringLiteral("down unfinished bar")}));
    EXPECT_TRUE(t.toHtml().startsWith("<!DOCTYPE html>"));
}
