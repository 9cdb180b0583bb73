#include "ansiparser.h"

#include <QTest>

using namespace fixbench;

class TestAnsiParser : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void plainText()
    {
        const AnsiLine l = AnsiParser::parse(u"hello world");
        QCOMPARE(l.text, QStringLiteral("hello world"));
        QCOMPARE(l.spans.size(), 1);
        QCOMPARE(l.spans[0].start, 0);
        QCOMPARE(l.spans[0].length, 11);
        QVERIFY(l.spans[0].style.isPlain());
        QVERIFY(AnsiParser::parse(u"").spans.isEmpty());
    }

    void basicColours()
    {
        const AnsiLine l = AnsiParser::parse(u"\x1b[31mred\x1b[0m plain \x1b[1;94mbright\x1b[22m thin\x1b[39m end");
        QCOMPARE(l.text, QStringLiteral("red plain bright thin end"));
        QCOMPARE(l.spans.size(), 5);
        QCOMPARE(l.spans[0].length, 3);
        QVERIFY(l.spans[0].style.foreground == AnsiColor::indexed(1));
        QVERIFY(l.spans[1].style.isPlain());
        QCOMPARE(l.text.mid(l.spans[2].start, l.spans[2].length), QStringLiteral("bright"));
        QVERIFY(l.spans[2].style.bold);
        QVERIFY(l.spans[2].style.foreground == AnsiColor::indexed(12));
        QVERIFY(!l.spans[3].style.bold); // 22
        QVERIFY(l.spans[3].style.foreground == AnsiColor::indexed(12));
        QVERIFY(l.spans[4].style.isPlain()); // 39
        // Spans cover the text exactly.
        int pos = 0;
        for (const AnsiSpan &s : l.spans) {
            QCOMPARE(s.start, pos);
            pos += s.length;
        }
        QCOMPARE(pos, l.text.size());
    }

    void backgroundsAndAttributes()
    {
        const AnsiLine l = AnsiParser::parse(u"\x1b[42;3;4;7;9mx\x1b[23;24;27;29;49my");
        QCOMPARE(l.text, QStringLiteral("xy"));
        QCOMPARE(l.spans.size(), 2);
        const AnsiStyle &a = l.spans[0].style;
        QVERIFY(a.background == AnsiColor::indexed(2));
        QVERIFY(a.italic && a.underline && a.inverse && a.strikeOut);
        QVERIFY(l.spans[1].style.isPlain());
        QVERIFY(AnsiParser::parse(u"\x1b[103mz").spans[0].style.background == AnsiColor::indexed(11));
        QVERIFY(AnsiParser::parse(u"\x1b[2mz").spans[0].style.faint);
    }

    void extendedColours()
    {
        QVERIFY(AnsiParser::parse(u"\x1b[38;5;196mx").spans[0].style.foreground == AnsiColor::indexed(196));
        QVERIFY(AnsiParser::parse(u"\x1b[48;5;22mx").spans[0].style.background == AnsiColor::indexed(22));
        QVERIFY(AnsiParser::parse(u"\x1b[38;2;10;20;30mx").spans[0].style.foreground == AnsiColor::rgb(10, 20, 30));
        // Colon sub-parameters, with and without the colour space id.
        QVERIFY(AnsiParser::parse(u"\x1b[38:2::1:2:3mx").spans[0].style.foreground == AnsiColor::rgb(1, 2, 3));
        QVERIFY(AnsiParser::parse(u"\x1b[38:2:4:5:6mx").spans[0].style.foreground == AnsiColor::rgb(4, 5, 6));
        QVERIFY(AnsiParser::parse(u"\x1b[38:5:33mx").spans[0].style.foreground == AnsiColor::indexed(33));
        // A colour followed by more attributes in the same sequence.
        const AnsiStyle s = AnsiParser::parse(u"\x1b[38;5;100;1mx").spans[0].style;
        QVERIFY(s.foreground == AnsiColor::indexed(100));
        QVERIFY(s.bold);
        // Malformed: ignored, no crash.
        QCOMPARE(AnsiParser::parse(u"\x1b[38;5mx").text, QStringLiteral("x"));
        QCOMPARE(AnsiParser::parse(u"\x1b[38;2;1mx").text, QStringLiteral("x"));
        // "ESC[m" = reset.
        QVERIFY(AnsiParser::parse(u"\x1b[31ma\x1b[mb").spans[1].style.isPlain());
    }

    void otherSequencesAreDropped()
    {
        QCOMPARE(AnsiParser::parse(u"\x1b[2K\x1b[1Gline\x1b[?25l!").text, QStringLiteral("line!"));
        QCOMPARE(AnsiParser::parse(u"\x1b]0;title\x07text").text, QStringLiteral("text"));
        QCOMPARE(AnsiParser::parse(u"\x1b]8;;http://example.com\x1b\\link\x1b]8;;\x1b\\").text, QStringLiteral("link"));
        QCOMPARE(AnsiParser::parse(u"\x1b(Babc\x1b=").text, QStringLiteral("abc"));
        QCOMPARE(AnsiParser::parse(u"a\x07" "b\x08" "c\x01").text, QStringLiteral("abc"));
        QCOMPARE(AnsiParser::parse(u"abc\x1b[").text, QStringLiteral("abc")); // unterminated
        QCOMPARE(AnsiParser::parse(u"abc\x1b").text, QStringLiteral("abc"));
        // A private sequence ending in 'm' is not SGR.
        QVERIFY(AnsiParser::parse(u"\x1b[>4;1mx").spans[0].style.isPlain());
    }

    void carriageReturnAndTabs()
    {
        QCOMPARE(AnsiParser::parse(u"progress 10%\rprogress 100%").text, QStringLiteral("progress 100%"));
        QCOMPARE(AnsiParser::parse(u"windows line\r").text, QStringLiteral("windows line"));
        QCOMPARE(AnsiParser::parse(u"a\tb").text, QStringLiteral("a       b"));
        QCOMPARE(AnsiParser::parse(u"12345678\tb").text, QStringLiteral("12345678        b"));
    }

    void unicode()
    {
        const AnsiLine l = AnsiParser::parse(u"\x1b[32mété ✓ 日本\x1b[0m");
        QCOMPARE(l.text, QStringLiteral("été ✓ 日本"));
        QCOMPARE(l.spans.size(), 1);
    }

    void strip()
    {
        QCOMPARE(AnsiParser::strip(u"no escapes"), QStringLiteral("no escapes"));
        QCOMPARE(AnsiParser::strip(u"\x1b[1;31mERROR\x1b[0m: x"), QStringLiteral("ERROR: x"));
        QVERIFY(!AnsiParser::hasEscapes(u"plain"));
        QVERIFY(AnsiParser::hasEscapes(u"\x1b[0m"));
    }

    void colours()
    {
        QVERIFY(!AnsiParser::color(AnsiColor(), false).isValid());
        QVERIFY(AnsiParser::color(AnsiColor::indexed(1), false) != AnsiParser::color(AnsiColor::indexed(1), true));
        QCOMPARE(AnsiParser::color(AnsiColor::indexed(196), false), QColor(255, 0, 0));
        QCOMPARE(AnsiParser::color(AnsiColor::indexed(16), true), QColor(0, 0, 0));
        QCOMPARE(AnsiParser::color(AnsiColor::indexed(232), false), QColor(8, 8, 8));
        QCOMPARE(AnsiParser::color(AnsiColor::indexed(255), false), QColor(238, 238, 238));
        QCOMPARE(AnsiParser::color(AnsiColor::rgb(1, 2, 3), true), QColor(1, 2, 3));
        // Dark-theme basics are lighter than light-theme ones (readable on their background).
        for (int i = 1; i < 7; ++i)
            QVERIFY2(AnsiParser::color(AnsiColor::indexed(i), true).lightness()
                         > AnsiParser::color(AnsiColor::indexed(i), false).lightness(),
                     qPrintable(QString::number(i)));
    }
};

QTEST_GUILESS_MAIN(TestAnsiParser)
#include "test_ansiparser.moc"
