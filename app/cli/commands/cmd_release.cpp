// `fixbench release`: ends the holds `fixbench up --hold-while PID` left in the
// background (a CTest FIXTURES_CLEANUP step). It takes nothing down itself: a fixture
// nobody uses any more goes down after its linger, unless it is kept.

#include "commandcontext.h"
#include "commandline.h"
#include "commands/commands.h"
#include "exitcode.h"
#include "output.h"
#include "tr.h"

#include "fixture/lease.h"

#include <QDeadlineTimer>
#include <QThread>

#include <csignal>

namespace fixbench {

void releaseOptions(CommandLine &line)
{
    line.setDescription(Tr::tr("Ends the background holds of `fixbench up --hold-while PID` on fixtures. What is kept stays "
                               "up; what others still use stays up; the rest goes down after its linger."));
    line.addArgument(QStringLiteral("NAME"), Tr::tr("Fixtures to release."), QStringLiteral("NAME..."));
    line.addInstanceOption();
    line.addOption({QStringLiteral("hold-while"), Tr::tr("Only the holds made with this --hold-while PID (default: every hold)."),
                    QStringLiteral("PID")});
    line.expectArguments(1, -1, Tr::tr("fixbench release: name at least one fixture"));
}

int cmdRelease(CommandContext &ctx)
{
    const QCommandLineParser &p = ctx.options();
    const QString instance = p.value(QStringLiteral("instance"));
    const QString purpose = p.isSet(QStringLiteral("hold-while")) ? QStringLiteral("hold-while:") + p.value(QStringLiteral("hold-while"))
                                                                  : QString();
    auto isOurs = [&](const LeaseInfo &l) {
        return purpose.isEmpty() ? l.purpose.startsWith(QLatin1String("hold-while:")) : l.purpose == purpose;
    };
    int rc = ExitOk;
    for (const QString &name : p.positionalArguments()) {
        // An unknown name is an error (with the fixtures there are); a broken fixture.yml
        // is not: its hold is released all the same.
        if (auto spec = ctx.workspace().fixture(name); !spec && spec.error().kind == Error::Kind::NotFound) {
            rc = ctx.fail(spec.error());
            continue;
        }
        const QString project = ctx.manager().projectName(name, instance);
        QList<qint64> holders;
        for (const LeaseInfo &l : Lease::holders(project))
            if (isOurs(l)) {
                holders << l.pid;
                ::kill(pid_t(l.pid), SIGTERM); // the holder releases its lease and exits
            }
        if (holders.isEmpty()) {
            out(Tr::tr("%1: no hold to release").arg(name));
            continue;
        }
        QDeadlineTimer deadline(120000);
        auto anyLeft = [&]() {
            for (const LeaseInfo &l : Lease::holders(project))
                if (holders.contains(l.pid) && isOurs(l))
                    return true;
            return false;
        };
        while (anyLeft() && !deadline.hasExpired())
            QThread::msleep(50);
        if (anyLeft()) {
            rc = ctx.fail(Error(Error::Kind::Timeout, Tr::tr("%1: the holder did not let go within 2 minutes").arg(name)));
            continue;
        }
        auto found = ctx.manager().find(name, instance);
        if (!found) {
            rc = ctx.fail(found.error());
            continue;
        }
        if (!found->has_value())
            out(Tr::tr("%1 released: down").arg(name));
        else if ((*found)->keep)
            out(Tr::tr("%1 released: it stays up, kept").arg(name));
        else if (const qsizetype n = Lease::holders(project).size(); n > 0)
            out(Tr::tr("%1 released: it stays up while %n other process(es) use it", nullptr, int(n)).arg(name));
        else
            out(Tr::tr("%1 released: it goes down in %2 s unless used again").arg(name).arg((*found)->lingerMs / 1000.0, 0, 'f', 1));
    }
    return rc;
}

} // namespace fixbench
