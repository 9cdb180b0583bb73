#include "environmentmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace fixbench;

namespace {

Environment base()
{
    Environment e;
    e.set(QStringLiteral("FTP_PORT"), QStringLiteral("26778"), false, QStringLiteral("port:ftp_server"));
    e.set(QStringLiteral("FTP_USER"), QStringLiteral("fixbench"), false, QStringLiteral("fixture:ftp_server"));
    e.set(QStringLiteral("FTP_PASS"), QStringLiteral("s3cret"), true, QStringLiteral("fixture:ftp_server"));
    e.set(QStringLiteral("WEATHER_CITY"), QStringLiteral("Lyon"), false, QStringLiteral("test:etl_integration"));
    return e;
}

} // namespace

class TestEnvironmentModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void rowsAndSecrets()
    {
        EnvironmentModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        m.setBase(base());
        QCOMPARE(m.rowCount(), 4);
        const int pass = m.rowOf(QStringLiteral("FTP_PASS"));
        QCOMPARE(m.index(pass, EnvironmentModel::ValueColumn).data().toString(), QStringLiteral("********"));
        QCOMPARE(m.index(pass, EnvironmentModel::ValueColumn).data(EnvironmentModel::ValueRole).toString(), QStringLiteral("s3cret"));
        QCOMPARE(m.index(pass, 0).data(EnvironmentModel::SecretRole).toBool(), true);
        QSignalSpy changed(&m, &QAbstractItemModel::dataChanged);
        m.setSecretsRevealed(true);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(m.index(pass, EnvironmentModel::ValueColumn).data().toString(), QStringLiteral("s3cret"));
        QCOMPARE(m.index(0, EnvironmentModel::SourceColumn).data().toString(), QStringLiteral("allocated port (ftp_server)"));
        QCOMPARE(m.index(1, EnvironmentModel::SourceColumn).data().toString(), QStringLiteral("fixture ftp_server"));
        QCOMPARE(m.index(3, EnvironmentModel::SourceColumn).data().toString(), QStringLiteral("test binary etl_integration"));
    }

    void overrides()
    {
        EnvironmentModel m;
        QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        m.setBase(base());
        QSignalSpy overridden(&m, &EnvironmentModel::overridesChanged);
        const QModelIndex user = m.index(m.rowOf(QStringLiteral("FTP_USER")), EnvironmentModel::ValueColumn);
        QVERIFY(user.flags() & Qt::ItemIsEditable);
        QVERIFY(!(m.index(0, EnvironmentModel::NameColumn).flags() & Qt::ItemIsEditable));
        // Editing a value makes an override.
        QVERIFY(m.setData(user, QStringLiteral("alice")));
        QCOMPARE(overridden.count(), 1);
        QCOMPARE(m.overrides().value(QStringLiteral("FTP_USER")), QStringLiteral("alice"));
        QCOMPARE(m.effective().value(QStringLiteral("FTP_USER")), QStringLiteral("alice"));
        QCOMPARE(m.index(user.row(), EnvironmentModel::SourceColumn).data().toString(), QStringLiteral("override"));
        QVERIFY(m.index(user.row(), 0).data(EnvironmentModel::OverriddenRole).toBool());
        QVERIFY(m.index(user.row(), 0).data(Qt::ToolTipRole).toString().contains(QStringLiteral("fixbench")));
        // Setting it back to the fixture's value drops the override.
        QVERIFY(m.setData(m.index(user.row(), EnvironmentModel::ValueColumn), QStringLiteral("fixbench")));
        QVERIFY(m.overrides().isEmpty());
        // A variable of the user's own, kept across base changes (fixtures going up/down).
        m.setOverride(QStringLiteral("EXTRA"), QStringLiteral("1"));
        QCOMPARE(m.rowCount(), 5);
        m.setBase(Environment());
        QCOMPARE(m.rowCount(), 1);
        QCOMPARE(m.effective().value(QStringLiteral("EXTRA")), QStringLiteral("1"));
        // An override of a secret stays secret.
        m.setBase(base());
        m.setOverride(QStringLiteral("FTP_PASS"), QStringLiteral("other"));
        const int pass = m.rowOf(QStringLiteral("FTP_PASS"));
        QCOMPARE(m.index(pass, EnvironmentModel::ValueColumn).data().toString(), QStringLiteral("********"));
        QVERIFY(m.removeOverride(QStringLiteral("FTP_PASS")));
        QVERIFY(!m.removeOverride(QStringLiteral("FTP_PASS")));
        QCOMPARE(m.effective().value(QStringLiteral("FTP_PASS")), QStringLiteral("s3cret"));
    }
};

QTEST_MAIN(TestEnvironmentModel)
#include "test_environmentmodel.moc"
