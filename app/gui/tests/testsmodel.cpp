#include "testsmodel.h"

#include "icons.h"
#include "treenode.h"

#include <QDateTime>
#include <QFileInfo>
#include <QTimer>
#include <QSet>

#include <functional>

namespace fixbench {

struct TestsModel::Node : TreeNode<TestsModel::Node> {
    Kind kind = BinaryKind;
    QString name;
    // binary
    TestBinarySpec spec;
    QString error;
    bool discovering = false;
    std::optional<BinaryReport> report;
    // suite
    QString typeParam;
    // test (and binaries without discovered tests: `checked`)
    TestCaseInfo info;
    std::optional<TestResult> result;
    bool queued = false;
    bool checked = true;
    qint64 startedMs = -1; // running test, or binary of the current run: when it started

    Node *binary()
    {
        Node *n = this;
        while (n && n->kind != BinaryKind)
            n = n->parent;
        return n;
    }
};

TestsModel::TestsModel(QObject *parent)
    : QAbstractItemModel(parent), m_root(std::make_unique<Node>()), m_now([] { return QDateTime::currentMSecsSinceEpoch(); })
{
    m_tick = new QTimer(this);
    m_tick->setInterval(1000);
    connect(m_tick, &QTimer::timeout, this, &TestsModel::tick);
}

void TestsModel::setClock(std::function<qint64()> nowMs)
{
    m_now = std::move(nowMs);
}

void TestsModel::tick()
{
    // The Duration column of what runs: each running test, its suite, its binary.
    bool any = false;
    for (const auto &b : m_root->children) {
        if (b->startedMs < 0)
            continue;
        any = true;
        Q_EMIT dataChanged(indexOfNode(b.get(), DurationColumn), indexOfNode(b.get(), DurationColumn));
        for (const auto &s : b->children) {
            bool suiteRuns = false;
            for (const auto &t : s->children)
                if (t->startedMs >= 0) {
                    suiteRuns = true;
                    Q_EMIT dataChanged(indexOfNode(t.get(), DurationColumn), indexOfNode(t.get(), DurationColumn));
                }
            if (suiteRuns)
                Q_EMIT dataChanged(indexOfNode(s.get(), DurationColumn), indexOfNode(s.get(), DurationColumn));
        }
    }
    if (!any)
        m_tick->stop();
}
TestsModel::~TestsModel() = default;

TestsModel::Node *TestsModel::nodeOf(const QModelIndex &index) const
{
    return Node::of(index, m_root.get());
}

QModelIndex TestsModel::indexOfNode(const Node *node, int column) const
{
    if (!node || node == m_root.get())
        return {};
    return createIndex(node->row(), column, const_cast<Node *>(node));
}

QModelIndex TestsModel::index(int row, int column, const QModelIndex &parent) const
{
    const Node *p = nodeOf(parent);
    if (row < 0 || column < 0 || column >= ColumnCount || size_t(row) >= p->children.size())
        return {};
    return createIndex(row, column, p->children[size_t(row)].get());
}

QModelIndex TestsModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    return indexOfNode(nodeOf(child)->parent);
}

int TestsModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return 0;
    return int(nodeOf(parent)->children.size());
}

int TestsModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant TestsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn: return tr("Test");
    case StatusColumn: return tr("Status");
    case DurationColumn: return tr("Duration");
    }
    return {};
}

QString TestsModel::statusText(TestStatus s)
{
    switch (s) {
    case TestStatus::NotRun: return tr("not run");
    case TestStatus::Running: return tr("running");
    case TestStatus::Passed: return tr("passed");
    case TestStatus::Failed: return tr("failed");
    case TestStatus::Skipped: return tr("skipped");
    case TestStatus::Disabled: return tr("disabled");
    case TestStatus::Crashed: return tr("crashed");
    case TestStatus::TimedOut: return tr("timed out");
    case TestStatus::Interrupted: return tr("interrupted");
    }
    return {};
}

QString TestsModel::durationText(qint64 ms)
{
    if (ms < 0)
        return {};
    if (ms < 1000)
        return tr("%1 ms").arg(ms);
    return tr("%1 s").arg(ms / 1000.0, 0, 'f', ms < 10000 ? 2 : 1);
}

namespace {

QString statusIcon(TestStatus s)
{
    switch (s) {
    case TestStatus::NotRun: return QStringLiteral("test-notrun");
    case TestStatus::Running: return QStringLiteral("test-running");
    case TestStatus::Passed: return QStringLiteral("test-passed");
    case TestStatus::Failed: return QStringLiteral("test-failed");
    case TestStatus::Skipped: return QStringLiteral("test-skipped");
    case TestStatus::Disabled: return QStringLiteral("test-disabled");
    case TestStatus::Crashed: return QStringLiteral("test-crashed");
    case TestStatus::TimedOut: return QStringLiteral("test-timedout");
    case TestStatus::Interrupted: return QStringLiteral("test-interrupted");
    }
    return {};
}

int severity(TestStatus s)
{
    switch (s) {
    case TestStatus::Crashed:
    case TestStatus::TimedOut:
    case TestStatus::Failed: return 5;
    case TestStatus::Interrupted: return 4;
    case TestStatus::NotRun: return 3;
    case TestStatus::Passed: return 2;
    case TestStatus::Skipped: return 1;
    default: return 0;
    }
}

} // namespace

std::optional<TestStatus> TestsModel::aggregate(const Node *node, bool *queued) const
{
    if (node->kind == TestKind) {
        if (queued)
            *queued = node->queued;
        if (node->queued && !node->result)
            return std::nullopt;
        return node->result ? std::optional<TestStatus>(node->result->status) : std::nullopt;
    }
    std::optional<TestStatus> worst;
    bool anyQueued = false;
    bool anyRunning = false;
    for (const auto &c : node->children) {
        bool q = false;
        const auto s = aggregate(c.get(), &q);
        anyQueued = anyQueued || q;
        if (s && *s == TestStatus::Running)
            anyRunning = true;
        if (s && (!worst || severity(*s) > severity(*worst)))
            worst = s;
    }
    if (queued)
        *queued = anyQueued;
    if (anyRunning)
        return TestStatus::Running;
    // A binary that died is crashed; one the run stopped, or never started (a fixture
    // that did not come up), is not.
    if (node->kind == BinaryKind && node->report && node->report->error && !node->report->cancelled
        && (!worst || severity(*worst) < 5))
        return TestStatus::Crashed;
    return worst;
}

qint64 TestsModel::duration(const Node *node) const
{
    if (node->startedMs >= 0) // running: so far
        return std::max<qint64>(0, m_now() - node->startedMs);
    if (node->kind == TestKind)
        return node->result && node->result->status != TestStatus::Running ? node->result->durationMs : -1;
    if (node->kind == BinaryKind && node->report && !node->queued)
        return node->report->elapsedMs;
    if (node->kind == BinaryKind && node->queued)
        return -1; // waits for its turn: no time yet (not "0 ms")
    qint64 sum = -1;
    for (const auto &c : node->children) {
        const qint64 d = duration(c.get());
        if (d >= 0)
            sum = std::max<qint64>(sum, 0) + d;
    }
    return sum;
}

Qt::CheckState TestsModel::checkState(const Node *node) const
{
    if (node->kind == TestKind || node->children.empty())
        return node->checked ? Qt::Checked : Qt::Unchecked;
    bool any = false;
    bool all = true;
    for (const auto &c : node->children) {
        const Qt::CheckState s = checkState(c.get());
        any = any || s != Qt::Unchecked;
        all = all && s == Qt::Checked;
    }
    return all ? Qt::Checked : any ? Qt::PartiallyChecked : Qt::Unchecked;
}

Qt::ItemFlags TestsModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags f = QAbstractItemModel::flags(index);
    if (index.isValid() && index.column() == NameColumn)
        f |= Qt::ItemIsUserCheckable;
    return f;
}

QVariant TestsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const Node *n = nodeOf(index);
    switch (role) {
    case KindRole: return int(n->kind);
    case BinaryRole: return const_cast<Node *>(n)->binary()->name;
    case SuiteRole: return n->kind == SuiteKind ? n->name : n->kind == TestKind ? n->parent->name : QString();
    case FullNameRole: return n->kind == TestKind ? fullNameOf(n) : QString();
    case FileRole: return n->kind == TestKind ? (n->result && !n->result->file.isEmpty() ? n->result->file : n->info.file) : QString();
    case LineRole: return n->kind == TestKind ? (n->result && n->result->line ? n->result->line : n->info.line) : 0;
    case ErrorRole: return n->kind == BinaryKind ? n->error : QString();
    case QueuedRole: {
        bool q = false;
        aggregate(n, &q);
        return q;
    }
    case StatusRole: {
        const auto s = aggregate(n, nullptr);
        return s ? int(*s) : -1;
    }
    default: break;
    }
    if (role == Qt::CheckStateRole && index.column() == NameColumn)
        return int(checkState(n));
    if (role == Qt::ToolTipRole) {
        if (n->kind == BinaryKind) {
            QString tip = n->spec.path;
            if (!n->spec.fixtures.isEmpty())
                tip += QLatin1Char('\n') + tr("Fixtures: %1").arg(n->spec.fixtures.join(QStringLiteral(", ")));
            if (!n->error.isEmpty())
                tip += QLatin1Char('\n') + n->error;
            if (n->report) // "fixture echo_server died: ...": why its tests may have failed
                for (const QString &death : n->report->fixtureDeaths)
                    tip += QLatin1Char('\n') + death;
            return tip;
        }
        if (n->kind == TestKind) {
            QStringList tip{fullNameOf(n)};
            if (!n->info.typeParam.isEmpty())
                tip << tr("TypeParam = %1").arg(n->info.typeParam);
            if (!n->info.valueParam.isEmpty())
                tip << tr("GetParam() = %1").arg(n->info.valueParam);
            if (!n->info.file.isEmpty())
                tip << QStringLiteral("%1:%2").arg(n->info.file).arg(n->info.line);
            if (n->result && !n->result->message.isEmpty())
                tip << n->result->message;
            return tip.join(QLatin1Char('\n'));
        }
        return {};
    }
    if (role == Qt::DecorationRole && index.column() == NameColumn) {
        if (n->kind == BinaryKind && !n->error.isEmpty() && n->children.empty())
            return Icons::get(QStringLiteral("state-unhealthy"));
        bool queued = false;
        const auto s = aggregate(n, &queued);
        if (s)
            return Icons::get(statusIcon(*s));
        if (queued)
            return Icons::get(QStringLiteral("test-queued"));
        if (n->kind == BinaryKind && n->discovering)
            return Icons::get(QStringLiteral("test-running"));
        return Icons::get(QStringLiteral("test-notrun"));
    }
    if (role == Qt::ForegroundRole && n->kind == TestKind && n->info.disabled)
        return QColor(Qt::gray);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case NameColumn:
        if (n->kind == TestKind && !n->info.valueParam.isEmpty())
            return QStringLiteral("%1  (%2)").arg(n->name, n->info.valueParam);
        if (n->kind == SuiteKind && !n->typeParam.isEmpty())
            return QStringLiteral("%1  <%2>").arg(n->name, n->typeParam);
        // Failures outside any test (a global environment, SetUpTestSuite): no suite.
        if (n->kind == SuiteKind && n->name.isEmpty())
            return tr("Outside any test");
        return n->name;
    case StatusColumn: {
        if (n->kind == BinaryKind && !n->error.isEmpty() && n->children.empty())
            return tr("error");
        if (n->kind == BinaryKind && n->discovering && n->children.empty())
            return tr("listing…");
        bool queued = false;
        const auto s = aggregate(n, &queued);
        if (s) {
            QString text = statusText(*s);
            if (n->kind == TestKind && n->result && n->result->iteration > 1)
                text += QStringLiteral(" (#%1)").arg(n->result->iteration);
            return text;
        }
        return queued ? tr("queued") : QString();
    }
    case DurationColumn:
        return durationText(duration(n));
    }
    return {};
}

void TestsModel::emitChangedUpwards(Node *node)
{
    for (Node *n = node; n && n != m_root.get(); n = n->parent)
        Q_EMIT dataChanged(indexOfNode(n, 0), indexOfNode(n, ColumnCount - 1));
}

void TestsModel::setChecked(Node *node, bool checked)
{
    node->checked = checked;
    for (auto &c : node->children)
        setChecked(c.get(), checked);
}

bool TestsModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!index.isValid() || role != Qt::CheckStateRole || index.column() != NameColumn)
        return false;
    Node *n = nodeOf(index);
    setChecked(n, Qt::CheckState(value.toInt()) != Qt::Unchecked);
    // The row, its subtree and its ancestors.
    std::function<void(Node *)> down = [&](Node *x) {
        if (!x->children.empty()) {
            Q_EMIT dataChanged(indexOfNode(x->children.front().get()), indexOfNode(x->children.back().get()), {Qt::CheckStateRole});
            for (auto &c : x->children)
                down(c.get());
        }
    };
    down(n);
    emitChangedUpwards(n);
    return true;
}

void TestsModel::setAllChecked(bool checked)
{
    for (auto &b : m_root->children) {
        setChecked(b.get(), checked);
        if (!b->children.empty())
            setData(indexOfNode(b.get()), checked ? Qt::Checked : Qt::Unchecked, Qt::CheckStateRole);
        else
            emitChangedUpwards(b.get());
    }
}

void TestsModel::setBinaries(const QList<TestBinarySpec> &binaries)
{
    beginResetModel();
    m_root->children.clear();
    for (const TestBinarySpec &spec : binaries) {
        auto n = std::make_unique<Node>();
        n->kind = BinaryKind;
        n->spec = spec;
        n->name = spec.name.isEmpty() ? QFileInfo(spec.path).fileName() : spec.name;
        m_root->append(std::move(n));
    }
    endResetModel();
}

QList<TestBinarySpec> TestsModel::binaries() const
{
    QList<TestBinarySpec> out;
    for (const auto &b : m_root->children)
        out << b->spec;
    return out;
}

const TestBinarySpec *TestsModel::binarySpec(const QString &name) const
{
    Node *b = binaryNode(name);
    return b ? &b->spec : nullptr;
}

TestsModel::Node *TestsModel::binaryNode(const QString &name) const
{
    for (const auto &b : m_root->children)
        if (b->name == name)
            return b.get();
    return nullptr;
}

QString TestsModel::fullNameOf(const Node *test)
{
    return test->parent->name.isEmpty() ? test->name : test->parent->name + QLatin1Char('.') + test->name;
}

QModelIndex TestsModel::indexOfBinary(const QString &binary) const
{
    return indexOfNode(binaryNode(binary));
}

QModelIndex TestsModel::indexOfTest(const QString &binary, const QString &fullName) const
{
    Node *b = binaryNode(binary);
    if (!b)
        return {};
    for (const auto &s : b->children)
        for (const auto &t : s->children)
            if (fullNameOf(t.get()) == fullName)
                return indexOfNode(t.get());
    return {};
}

void TestsModel::setDiscovering(const QString &binary, bool discovering)
{
    if (Node *b = binaryNode(binary)) {
        b->discovering = discovering;
        emitChangedUpwards(b);
    }
}

void TestsModel::setBinaryError(const QString &binary, const QString &error)
{
    if (Node *b = binaryNode(binary)) {
        b->error = error;
        emitChangedUpwards(b);
    }
}

void TestsModel::setDiscovered(const DiscoveredBinary &d)
{
    Node *b = binaryNode(d.name);
    if (!b)
        return;
    b->discovering = false;
    b->error = d.error ? d.error->toString() : QString();
    if (d.error && d.suites.isEmpty()) {
        emitChangedUpwards(b); // keep what was listed before, if anything
        return;
    }
    // What to keep across the rediscovery of a rebuilt binary.
    QHash<QString, std::pair<bool, std::optional<TestResult>>> kept;
    for (const auto &s : b->children)
        for (const auto &t : s->children)
            kept.insert(s->name + QLatin1Char('.') + t->name, {t->checked, t->result});
    const bool wasChecked = b->children.empty() ? b->checked : checkState(b) != Qt::Unchecked;

    const QModelIndex bi = indexOfNode(b);
    if (!b->children.empty()) {
        beginRemoveRows(bi, 0, int(b->children.size()) - 1);
        b->children.clear();
        endRemoveRows();
    }
    std::vector<std::unique_ptr<Node>> suites;
    for (const TestSuiteInfo &si : d.suites) {
        auto s = std::make_unique<Node>();
        s->kind = SuiteKind;
        s->parent = b;
        s->name = si.name;
        s->typeParam = si.typeParam;
        for (const TestCaseInfo &ti : si.tests) {
            auto t = std::make_unique<Node>();
            t->kind = TestKind;
            t->name = ti.name;
            t->info = ti;
            auto k = kept.constFind(ti.fullName());
            t->checked = k != kept.constEnd() ? k->first : wasChecked;
            if (k != kept.constEnd())
                t->result = k->second;
            s->append(std::move(t));
        }
        suites.push_back(std::move(s));
    }
    if (!suites.empty()) {
        beginInsertRows(bi, 0, int(suites.size()) - 1);
        b->children = std::move(suites);
        endInsertRows();
    }
    emitChangedUpwards(b);
}

TestsModel::Node *TestsModel::testNode(Node *b, const QString &suite, const QString &name, bool create)
{
    Node *s = nullptr;
    for (const auto &c : b->children)
        if (c->name == suite)
            s = c.get();
    if (!s) {
        if (!create)
            return nullptr;
        auto n = std::make_unique<Node>();
        n->kind = SuiteKind;
        n->name = suite;
        const int row = int(b->children.size());
        beginInsertRows(indexOfNode(b), row, row);
        s = b->append(std::move(n));
        endInsertRows();
    }
    for (const auto &c : s->children)
        if (c->name == name)
            return c.get();
    if (!create)
        return nullptr;
    auto n = std::make_unique<Node>();
    n->kind = TestKind;
    n->name = name;
    n->info.suite = suite;
    n->info.name = name;
    const int row = int(s->children.size());
    beginInsertRows(indexOfNode(s), row, row);
    Node *added = s->append(std::move(n));
    endInsertRows();
    return added;
}

void TestsModel::markQueued(const QString &binary, const TestSelection &selection)
{
    Node *b = binaryNode(binary);
    if (!b)
        return;
    b->queued = true;
    b->startedMs = -1;
    b->report.reset();
    b->error.clear();
    for (const auto &s : b->children)
        for (const auto &t : s->children) {
            const QString full = s->name + QLatin1Char('.') + t->name;
            const bool selected = selection.isAll() ? !t->info.disabled
                                                    : (selection.suites.contains(s->name) || selection.tests.contains(full));
            if (selected) {
                t->queued = true;
                t->result.reset();
            }
        }
    if (!b->children.empty())
        Q_EMIT dataChanged(index(0, 0, indexOfNode(b)), index(int(b->children.size()) - 1, ColumnCount - 1, indexOfNode(b)));
    for (const auto &s : b->children)
        if (!s->children.empty())
            Q_EMIT dataChanged(indexOfNode(s->children.front().get()), indexOfNode(s->children.back().get(), ColumnCount - 1));
    emitChangedUpwards(b);
}

void TestsModel::upsert(const QList<TestResult> &results)
{
    QSet<Node *> suitesTouched;
    for (const TestResult &r : results) {
        Node *b = binaryNode(r.binary);
        if (!b)
            continue;
        Node *t = testNode(b, r.suite, r.name, true);
        if (t->result && t->result->iteration > r.iteration)
            continue; // an older iteration arriving late
        const bool wasRunning = t->result && t->result->status == TestStatus::Running && t->result->iteration == r.iteration;
        t->result = r;
        t->queued = false;
        if (r.status == TestStatus::Running) {
            if (!wasRunning || t->startedMs < 0)
                t->startedMs = m_now();
            if (b->startedMs < 0)
                b->startedMs = t->startedMs;
            if (!m_tick->isActive())
                m_tick->start();
        } else {
            t->startedMs = -1;
        }
        if (t->info.file.isEmpty() && !r.file.isEmpty()) {
            t->info.file = r.file;
            t->info.line = r.line;
        }
        Q_EMIT dataChanged(indexOfNode(t, 0), indexOfNode(t, ColumnCount - 1));
        suitesTouched.insert(t->parent);
    }
    QSet<Node *> binaries;
    for (Node *s : std::as_const(suitesTouched)) {
        Q_EMIT dataChanged(indexOfNode(s, 0), indexOfNode(s, ColumnCount - 1));
        binaries.insert(s->parent);
    }
    for (Node *b : std::as_const(binaries))
        Q_EMIT dataChanged(indexOfNode(b, 0), indexOfNode(b, ColumnCount - 1));
}

void TestsModel::finishBinary(const BinaryReport &report)
{
    Node *b = binaryNode(report.binary);
    if (!b)
        return;
    upsert(report.results); // the final results (merged with the JSON report)
    b->queued = false;
    b->startedMs = -1;
    b->report = report;
    b->error = report.error ? report.error->toString() : QString();
    for (const auto &s : b->children)
        for (const auto &t : s->children) {
            t->startedMs = -1; // its binary ended: nothing of it runs any more
            if (!t->queued)
                continue;
            t->queued = false;
            if (!t->result) {
                TestResult r;
                r.binary = b->name;
                r.suite = s->name;
                r.name = t->name;
                r.status = TestStatus::NotRun;
                t->result = r;
            }
            Q_EMIT dataChanged(indexOfNode(t.get(), 0), indexOfNode(t.get(), ColumnCount - 1));
        }
    for (const auto &s : b->children)
        Q_EMIT dataChanged(indexOfNode(s.get(), 0), indexOfNode(s.get(), ColumnCount - 1));
    emitChangedUpwards(b);
}

const TestResult *TestsModel::resultAt(const QModelIndex &index) const
{
    const Node *n = nodeOf(index);
    return index.isValid() && n->kind == TestKind && n->result ? &*n->result : nullptr;
}

const BinaryReport *TestsModel::lastReport(const QString &binary) const
{
    Node *b = binaryNode(binary);
    return b && b->report ? &*b->report : nullptr;
}

QList<QPair<QString, TestSelection>> TestsModel::checkedSelections() const
{
    QList<QPair<QString, TestSelection>> out;
    for (const auto &b : m_root->children) {
        const Qt::CheckState state = checkState(b.get());
        if (state == Qt::Unchecked)
            continue;
        if (state == Qt::Checked) {
            out << qMakePair(b->name, TestSelection::all());
            continue;
        }
        TestSelection sel;
        for (const auto &s : b->children) {
            if (s->name.isEmpty())
                continue; // outside any test: nothing to select by name
            const Qt::CheckState ss = checkState(s.get());
            if (ss == Qt::Checked)
                sel.suites << s->name;
            else if (ss == Qt::PartiallyChecked)
                for (const auto &t : s->children)
                    if (t->checked)
                        sel.tests << s->name + QLatin1Char('.') + t->name;
        }
        if (!sel.isAll()) // only the outside-any-test row was checked: nothing to run
            out << qMakePair(b->name, sel);
    }
    return out;
}

QList<QPair<QString, TestSelection>> TestsModel::checkedSelections(const std::function<bool(const QModelIndex &)> &shown,
                                                                   int *hidden) const
{
    QList<QPair<QString, TestSelection>> out;
    int left = 0;
    for (const auto &b : m_root->children) {
        if (b->children.empty()) { // not listed: the binary's row stands for it
            if (b->checked && shown(indexOfNode(b.get())))
                out << qMakePair(b->name, TestSelection::all());
            else if (b->checked)
                ++left;
            continue;
        }
        TestSelection sel;
        for (const auto &s : b->children) {
            QStringList tests;
            bool whole = true;
            for (const auto &t : s->children) {
                if (!t->checked) {
                    whole = false;
                    continue;
                }
                if (shown(indexOfNode(t.get()))) {
                    tests << s->name + QLatin1Char('.') + t->name;
                } else {
                    ++left;
                    whole = false;
                }
            }
            if (whole && !tests.isEmpty())
                sel.suites << s->name;
            else
                sel.tests << tests;
        }
        if (!sel.suites.isEmpty() || !sel.tests.isEmpty())
            out << qMakePair(b->name, sel);
    }
    if (hidden)
        *hidden = left;
    return out;
}

QList<QPair<QString, TestSelection>> TestsModel::failedSelections() const
{
    QList<QPair<QString, TestSelection>> out;
    for (const auto &b : m_root->children) {
        if (!b->report)
            continue;
        if (const auto sel = TestSelection::toRerun(*b->report))
            out << qMakePair(b->name, *sel);
    }
    return out;
}

QPair<QString, TestSelection> TestsModel::selectionAt(const QModelIndex &index) const
{
    const Node *n = nodeOf(index);
    if (!index.isValid())
        return {};
    switch (n->kind) {
    case BinaryKind: return qMakePair(n->name, TestSelection::all());
    // A failure outside any test comes back only when the whole binary runs.
    case SuiteKind:
        return qMakePair(n->parent->name, n->name.isEmpty() ? TestSelection::all() : TestSelection::ofSuites({n->name}));
    case TestKind:
        return qMakePair(n->parent->parent->name,
                         n->parent->name.isEmpty() ? TestSelection::all() : TestSelection::ofTests({fullNameOf(n)}));
    }
    return {};
}

} // namespace fixbench
