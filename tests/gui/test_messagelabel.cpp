// MessageLabel (app/gui/common): a long error is cut in its panel, whole one click away.
#include "messagelabel.h"

#include <QSignalSpy>
#include <QTest>

using namespace fixbench;

class TestMessageLabel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void aLongErrorIsCutWholeOneClickAway()
    {
        MessageLabel label(nullptr, 2, 40);
        QString text = QStringLiteral("failing_hook could not be brought up: exit code 3");
        for (int i = 0; i < 200; ++i)
            text += QStringLiteral("\ncompose line %1 ").arg(i) + QString(100, QLatin1Char('x'));
        label.setMessage(text);
        QVERIFY(label.isCut());
        QCOMPARE(label.shownText().count(QLatin1Char('\n')), 1);
        QVERIFY(label.shownText().size() < 100);
        QCOMPARE(label.message(), text);
        QCOMPARE(label.toolTip(), text);
        QVERIFY(label.text().contains(QStringLiteral("href=\"#details\"")));
        QSignalSpy shown(&label, &MessageLabel::detailsShown);
        Q_EMIT label.linkActivated(QStringLiteral("#details"));
        QCOMPARE(shown.size(), 1);
        QCOMPARE(shown.at(0).at(0).toString(), text);
        // A short one shows whole, without the link.
        label.setMessage(QStringLiteral("3 passed, 0 failed"));
        QVERIFY(!label.isCut());
        QVERIFY(!label.text().contains(QStringLiteral("href")));
        QCOMPARE(label.shownText(), QStringLiteral("3 passed, 0 failed"));
    }


    void boundedCutsLinesAndLength()
    {
        bool cut = true;
        QCOMPARE(MessageLabel::bounded(QStringLiteral("one\ntwo"), 3, 10, &cut), QStringLiteral("one\ntwo"));
        QVERIFY(!cut);
        QCOMPARE(MessageLabel::bounded(QStringLiteral("a\nb\nc\nd"), 2, 10, &cut), QStringLiteral("a\nb …"));
        QVERIFY(cut);
        QCOMPARE(MessageLabel::bounded(QStringLiteral("abcdefghijkl"), 2, 5, &cut), QStringLiteral("abcde…"));
        QVERIFY(cut);
    }
};

QTEST_MAIN(TestMessageLabel)
#include "test_messagelabel.moc"
