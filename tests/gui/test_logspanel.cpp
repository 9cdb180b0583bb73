// The Logs panel without an engine: lines are fed through its streamer's signal.
#include "logsmodel.h"
#include "logspanel.h"

#include <QAction>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QScrollBar>
#include <QTemporaryDir>
#include <QTest>

using namespace fixbench;

namespace {

QList<LogEntry> batch(int from, int count)
{
    QList<LogEntry> out;
    for (int i = from; i < from + count; ++i) {
        LogEntry e;
        e.service = i % 2 ? QStringLiteral("api") : QStringLiteral("db");
        e.text = "line " + QByteArray::number(i) + (i % 50 == 0 ? " \x1b[31mERROR\x1b[0m" : "");
        e.timestamp = QDateTime::fromMSecsSinceEpoch(1700000000000 + i, Qt::UTC);
        out << e;
    }
    return out;
}

int lastVisibleRow(QListView *view)
{
    const QModelIndex i = view->indexAt(QPoint(5, view->viewport()->height() - 3));
    return i.isValid() ? i.row() : view->model()->rowCount() - 1;
}

} // namespace

class TestLogsPanel : public QObject {
    Q_OBJECT
private:
    LogsPanel *m_panel = nullptr;
    void feed(int from, int count)
    {
        Q_EMIT m_panel->streamer()->linesArrived(batch(from, count));
        QCoreApplication::processEvents();
    }

private Q_SLOTS:
    void init()
    {
        m_panel = new LogsPanel;
        m_panel->resize(900, 400);
        m_panel->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_panel));
    }
    void cleanup()
    {
        delete m_panel;
        m_panel = nullptr;
    }

    void followStopsWhenScrolledUpAndResumesAtBottom()
    {
        QListView *view = m_panel->view();
        QScrollBar *bar = view->verticalScrollBar();
        feed(0, 500);
        QTRY_VERIFY(bar->maximum() > 0);
        QTRY_COMPARE(bar->value(), bar->maximum());
        QVERIFY(m_panel->isFollowing());
        QTRY_COMPARE(lastVisibleRow(view), 499);

        // The user scrolls up: follow stops, new lines do not move the view.
        bar->setValue(10);
        QVERIFY(!m_panel->isFollowing());
        QVERIFY(!m_panel->followAction()->isChecked());
        feed(500, 100);
        QTest::qWait(50);
        QCOMPARE(bar->value(), 10);
        QVERIFY(!m_panel->isFollowing());

        // Back at the bottom: follow resumes.
        bar->setValue(bar->maximum());
        QVERIFY(m_panel->isFollowing());
        feed(600, 100);
        QTRY_COMPARE(bar->value(), bar->maximum());
        QTRY_COMPARE(lastVisibleRow(view), 699);

        // The Follow action, too.
        bar->setValue(0);
        QVERIFY(!m_panel->isFollowing());
        m_panel->followAction()->trigger();
        QVERIFY(m_panel->isFollowing());
        QTRY_COMPARE(bar->value(), bar->maximum());
    }

    void followSurvivesEviction()
    {
        m_panel->model()->setCapacity(300, 64 * 1024 * 1024);
        QScrollBar *bar = m_panel->view()->verticalScrollBar();
        for (int i = 0; i < 10; ++i)
            feed(i * 100, 100);
        QCOMPARE(m_panel->model()->rowCount(), 300);
        QVERIFY(m_panel->isFollowing());
        QTRY_COMPARE(lastVisibleRow(m_panel->view()), 299);
        QCOMPARE(m_panel->model()->index(299).data(LogsModel::PlainTextRole).toString(), QStringLiteral("line 999"));
        QTRY_COMPARE(bar->value(), bar->maximum());
    }

    void pauseHoldsLinesBack()
    {
        feed(0, 100);
        m_panel->pauseAction()->trigger();
        QVERIFY(m_panel->isPaused());
        feed(100, 50);
        QCOMPARE(m_panel->model()->rowCount(), 100);
        m_panel->pauseAction()->trigger();
        QVERIFY(!m_panel->isPaused());
        QCOMPARE(m_panel->model()->rowCount(), 150);
        QCOMPARE(m_panel->model()->index(149).data(LogsModel::PlainTextRole).toString(), QStringLiteral("line 149"));
    }

    void searchHighlightsAndJumps()
    {
        feed(0, 300);
        m_panel->findAction()->trigger();
        auto *search = m_panel->findChild<QLineEdit *>(QStringLiteral("logsSearch"));
        QVERIFY(search);
        QTest::keyClicks(search, QStringLiteral("error"));
        QVERIFY(m_panel->findNext());
        QCOMPARE(m_panel->view()->currentIndex().row(), 0);
        QVERIFY(!m_panel->isFollowing());
        QVERIFY(m_panel->findNext());
        QCOMPARE(m_panel->view()->currentIndex().row(), 50);
        m_panel->findPreviousAction()->trigger();
        QCOMPARE(m_panel->view()->currentIndex().row(), 0);
        m_panel->findPreviousAction()->trigger(); // wraps
        QCOMPARE(m_panel->view()->currentIndex().row(), 250);
        auto *matches = m_panel->findChild<QLabel *>(QStringLiteral("logsMatches"));
        QTRY_VERIFY(matches->text().startsWith(QStringLiteral("6 line")));
    }

    void servicesTimestampsSaveClear()
    {
        feed(0, 10);
        auto *services = m_panel->findChild<QComboBox *>(QStringLiteral("logsServices"));
        QCOMPARE(services->count(), 3); // all, db, api
        services->setCurrentIndex(services->findData(QStringLiteral("api")));
        QCOMPARE(m_panel->model()->rowCount(), 5);
        m_panel->showService(QString());
        QCOMPARE(m_panel->model()->rowCount(), 10);

        m_panel->timestampsAction()->trigger();
        QVERIFY(m_panel->model()->showTimestamps());

        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("logs.txt"));
        QVERIFY(m_panel->saveTo(file));
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = f.readAll().split('\n');
        QCOMPARE(lines.size(), 11);
        QVERIFY(lines[0].startsWith("db  | "));
        QVERIFY(lines[0].endsWith(" line 0 ERROR"));

        m_panel->clearAction()->trigger();
        QCOMPARE(m_panel->model()->rowCount(), 0);
    }

    // After Clear, nothing was dropped for room: the status does not say so.
    void clearDropsNothing()
    {
        m_panel->model()->setCapacity(100, LogsModel::kDefaultMaxBytes);
        auto *status = m_panel->findChild<QLabel *>(QStringLiteral("logsStatus"));
        feed(0, 150);
        QVERIFY2(status->text().contains(QStringLiteral("oldest dropped")), qPrintable(status->text()));
        m_panel->clearAction()->trigger();
        QVERIFY2(!status->text().contains(QStringLiteral("oldest dropped")), qPrintable(status->text()));
        feed(150, 10);
        QVERIFY2(!status->text().contains(QStringLiteral("oldest dropped")), qPrintable(status->text()));
        QCOMPARE(m_panel->model()->evicted(), 0);
        feed(160, 100);
        QVERIFY2(status->text().contains(QStringLiteral("oldest dropped")), qPrintable(status->text()));
    }

    // The search count is of the lines shown: it follows new lines and a fixture switch.
    void searchCountFollowsLinesAndFixture()
    {
        feed(0, 100); // ERROR on lines 0 and 50
        auto *search = m_panel->findChild<QLineEdit *>(QStringLiteral("logsSearch"));
        auto *matches = m_panel->findChild<QLabel *>(QStringLiteral("logsMatches"));
        search->setText(QStringLiteral("error"));
        QTRY_VERIFY(matches->text().startsWith(QStringLiteral("2 line")));
        feed(100, 100);
        QTRY_VERIFY(matches->text().startsWith(QStringLiteral("4 line")));
        m_panel->showFixture(QStringLiteral("other"), QString(), QString());
        QCOMPARE(matches->text(), QStringLiteral("no match"));
    }
};

QTEST_MAIN(TestLogsPanel)
#include "test_logspanel.moc"
