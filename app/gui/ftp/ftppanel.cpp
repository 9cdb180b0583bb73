#include "ftppanel.h"

#include "csvmodel.h"
#include "ftplistingmodel.h"
#include "ftptreemodel.h"
#include "icons.h"
#include "transfersmodel.h"

#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QDrag>
#include <QEventLoop>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QStringDecoder>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QTreeView>
#include <QUrl>
#include <QVBoxLayout>

#include <functional>

namespace fixbench {

namespace {

// A listing that turns remote entries dragged out into local files (downloaded first).
class FtpListingView : public QTableView {
public:
    using QTableView::QTableView;
    std::function<QList<QUrl>(const QStringList &)> fetcher;

protected:
    void startDrag(Qt::DropActions) override
    {
        QStringList paths;
        for (const QModelIndex &i : selectionModel()->selectedRows(FtpListingModel::NameColumn))
            if (!i.data(FtpListingModel::IsDirRole).toBool())
                paths << i.data(FtpListingModel::PathRole).toString();
        if (paths.isEmpty() || !fetcher)
            return;
        const QList<QUrl> urls = fetcher(paths);
        if (urls.isEmpty())
            return;
        auto *data = new QMimeData;
        data->setUrls(urls);
        auto *drag = new QDrag(this);
        drag->setMimeData(data);
        drag->setPixmap(Icons::get(QStringLiteral("file")).pixmap(32, 32));
        drag->exec(Qt::CopyAction);
    }
};

bool looksLikeText(const QByteArray &data)
{
    if (data.contains('\0'))
        return false;
    QStringDecoder utf8(QStringDecoder::Utf8);
    (void)utf8.decode(data);
    return !utf8.hasError() || data.size() >= 1024 * 1024; // truncated mid-character
}

} // namespace

FtpPanel::FtpPanel(QWidget *parent) : QWidget(parent)
{
    m_browser = new FtpBrowser(this);
    m_listing = new FtpListingModel(this);
    m_proxy = new FtpSortProxy(this);
    m_proxy->setSourceModel(m_listing);
    m_proxy->setSortRole(FtpListingModel::SortRole);
    m_tree = new FtpTreeModel(this);
    m_csv = new CsvModel(this);
    m_transfers = new TransfersModel(this);

    // Connection bar.
    m_source = new QComboBox(this);
    m_source->setObjectName(QStringLiteral("ftpSource"));
    m_source->setToolTip(tr("A fixture's FTP server (its FTP_* variables), or any URL"));
    m_url = new QLineEdit(this);
    m_url->setObjectName(QStringLiteral("ftpUrl"));
    m_url->setPlaceholderText(tr("ftp://user:password@host:port/"));
    m_connect = new QPushButton(tr("&Connect"), this);
    m_connect->setObjectName(QStringLiteral("ftpConnect"));
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("ftpStatus"));
    m_status->setTextFormat(Qt::PlainText);
    m_status->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    auto *connectBar = new QHBoxLayout;
    connectBar->addWidget(m_source);
    connectBar->addWidget(m_url, 1);
    connectBar->addWidget(m_connect);

    // Actions.
    auto make = [this](const char *icon, const QString &text, const char *name, const QKeySequence &key = {}) {
        auto *a = new QAction(Icons::get(QLatin1String(icon)), text, this);
        a->setObjectName(QLatin1String(name));
        if (!key.isEmpty()) {
            a->setShortcut(key);
            a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        }
        addAction(a);
        return a;
    };
    m_up = make("previous", tr("Parent Folder"), "actionFtpUp", QKeySequence(Qt::ALT | Qt::Key_Up));
    m_refresh = make("refresh", tr("Refresh"), "actionFtpRefresh", QKeySequence(Qt::CTRL | Qt::Key_R)); // F5 runs tests
    m_download = make("download", tr("Download…"), "actionFtpDownload");
    m_upload = make("upload", tr("Upload…"), "actionFtpUpload");
    m_mkdir = make("new-folder", tr("New Folder…"), "actionFtpMkdir");
    m_rename = make("rename", tr("Rename"), "actionFtpRename", QKeySequence(Qt::Key_F2));
    m_delete = make("delete", tr("Delete"), "actionFtpDelete", QKeySequence::Delete);
    m_preview = make("preview", tr("Preview"), "actionFtpPreview", QKeySequence(Qt::Key_Space));
    m_cancelTransfer = make("cancel", tr("Cancel Transfer"), "actionFtpCancelTransfer");
    auto *bar = new QToolBar(this);
    bar->setIconSize(QSize(16, 16));
    for (QAction *a : {m_up, m_refresh, m_download, m_upload, m_mkdir, m_rename, m_delete, m_preview})
        bar->addAction(a);

    // Tree | listing / preview.
    m_treeView = new QTreeView(this);
    m_treeView->setObjectName(QStringLiteral("ftpTree"));
    m_treeView->setModel(m_tree);
    m_treeView->setHeaderHidden(true);
    m_treeView->setUniformRowHeights(true);

    auto *listing = new FtpListingView(this);
    listing->fetcher = [this](const QStringList &paths) { return fetchForDrag(paths); };
    m_listingView = listing;
    m_listingView->setObjectName(QStringLiteral("ftpListing"));
    m_listingView->setModel(m_proxy);
    m_listingView->setSortingEnabled(true);
    m_listingView->sortByColumn(FtpListingModel::NameColumn, Qt::AscendingOrder);
    m_listingView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_listingView->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_listingView->setEditTriggers(QAbstractItemView::EditKeyPressed | QAbstractItemView::SelectedClicked);
    m_listingView->setDragEnabled(true);
    m_listingView->setAcceptDrops(true);
    m_listingView->setDropIndicatorShown(true);
    m_listingView->setDragDropMode(QAbstractItemView::DragDrop);
    m_listingView->setDefaultDropAction(Qt::CopyAction);
    m_listingView->verticalHeader()->hide();
    m_listingView->verticalHeader()->setDefaultSectionSize(m_listingView->fontMetrics().height() + 6);
    m_listingView->horizontalHeader()->setSectionResizeMode(FtpListingModel::NameColumn, QHeaderView::Stretch);
    m_listingView->setShowGrid(false);
    m_listingView->setWordWrap(false);
    m_listingView->setContextMenuPolicy(Qt::ActionsContextMenu);
    for (QAction *a : {m_download, m_rename, m_delete, m_preview})
        m_listingView->addAction(a);

    m_text = new QPlainTextEdit(this);
    m_text->setObjectName(QStringLiteral("ftpTextPreview"));
    m_text->setReadOnly(true);
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_csvView = new QTableView(this);
    m_csvView->setObjectName(QStringLiteral("ftpCsvPreview"));
    m_csvView->setModel(m_csv);
    m_csvView->setAlternatingRowColors(true);
    m_csvView->verticalHeader()->setDefaultSectionSize(m_csvView->fontMetrics().height() + 6);
    m_previewNote = new QLabel(this);
    m_previewNote->setObjectName(QStringLiteral("ftpPreviewNote"));
    m_previewNote->setTextFormat(Qt::PlainText);
    m_previewNote->setAlignment(Qt::AlignCenter);
    m_previewNote->setWordWrap(true);
    m_previewStack = new QStackedWidget(this);
    m_previewStack->addWidget(m_previewNote);
    m_previewStack->addWidget(m_text);
    m_previewStack->addWidget(m_csvView);
    m_previewNote->setText(tr("Select a file and press Space (or double-click it) to preview it"));

    m_transfersView = new QTableView(this);
    m_transfersView->setObjectName(QStringLiteral("ftpTransfers"));
    m_transfersView->setModel(m_transfers);
    m_transfersView->setItemDelegate(new ProgressDelegate(m_transfersView));
    m_transfersView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_transfersView->verticalHeader()->hide();
    m_transfersView->horizontalHeader()->setSectionResizeMode(TransfersModel::FileColumn, QHeaderView::Stretch);
    m_transfersView->setColumnWidth(TransfersModel::ProgressColumn, 200);
    m_transfersView->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_transfersView->addAction(m_cancelTransfer);
    auto *clearDone = new QAction(tr("Clear Finished"), this);
    m_transfersView->addAction(clearDone);
    connect(clearDone, &QAction::triggered, m_transfers, &TransfersModel::clearFinished);

    auto *right = new QSplitter(Qt::Vertical, this);
    right->addWidget(m_listingView);
    right->addWidget(m_previewStack);
    // The preview (a CSV the code under test wrote) gets as much room as the listing.
    right->setStretchFactor(0, 1);
    right->setStretchFactor(1, 1);
    right->setSizes({500, 500});
    auto *main = new QSplitter(Qt::Horizontal, this);
    main->addWidget(m_treeView);
    main->addWidget(right);
    main->setStretchFactor(0, 1);
    main->setStretchFactor(1, 3);
    main->setSizes({200, 600});
    auto *outer = new QSplitter(Qt::Vertical, this);
    outer->addWidget(main);
    outer->addWidget(m_transfersView);
    outer->setStretchFactor(0, 5);
    outer->setStretchFactor(1, 1);
    outer->setSizes({600, 100});

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(connectBar);
    layout->addWidget(bar);
    layout->addWidget(outer, 1);
    layout->addWidget(m_status);

    // Wiring.
    connect(m_source, &QComboBox::currentIndexChanged, this, [this]() {
        const bool url = m_source->currentData().toString().isEmpty();
        m_url->setReadOnly(!url);
        if (!url) {
            const Environment env = m_controller ? m_controller->environmentOf(m_source->currentData().toString()) : Environment();
            auto cfg = FtpConfig::fromEnvironment(env);
            m_url->setText(cfg ? cfg->displayUrl() : QString());
        }
    });
    connect(m_connect, &QPushButton::clicked, this, [this]() {
        if (m_connected)
            disconnectFromServer();
        else
            connectSelected();
    });
    connect(m_url, &QLineEdit::returnPressed, this, &FtpPanel::connectSelected);
    connect(m_browser, &FtpBrowser::connected, this, [this](bool ok, const Error &error) {
        if (!ok) {
            m_connected = false;
            m_connect->setText(tr("&Connect"));
            showError(tr("Could not connect: %1").arg(error.toString()));
            m_tree->clear();
            updateActions();
            return;
        }
        m_status->setStyleSheet(QString());
        m_status->setText(tr("Connected to %1").arg(m_browser->config().displayUrl()));
        setCurrentDirectory(QStringLiteral("/"));
    });
    connect(m_browser, &FtpBrowser::listed, this, &FtpPanel::onListed);
    connect(m_browser, &FtpBrowser::previewed, this, &FtpPanel::onPreviewed);
    connect(m_browser, &FtpBrowser::operationFinished, this, &FtpPanel::onOperationFinished);
    connect(m_browser, &FtpBrowser::transferStarted, m_transfers, &TransfersModel::started);
    connect(m_browser, &FtpBrowser::transferProgress, m_transfers, &TransfersModel::progress);
    connect(m_browser, &FtpBrowser::transferFinished, m_transfers, &TransfersModel::finished);
    connect(m_browser, &FtpBrowser::transferFinished, this, [this](int, bool ok, const Error &error) {
        if (!ok && error.kind != Error::Kind::Cancelled)
            showError(error.toString());
        updateActions();
    });
    connect(m_tree, &FtpTreeModel::fetchRequested, m_browser, &FtpBrowser::list);
    connect(m_treeView->selectionModel(), &QItemSelectionModel::currentChanged, this, [this](const QModelIndex &i) {
        const QString path = i.data(FtpTreeModel::PathRole).toString();
        if (!path.isEmpty() && path != m_dir)
            setCurrentDirectory(path);
    });
    connect(m_listingView, &QTableView::doubleClicked, this, [this](const QModelIndex &i) {
        const QModelIndex s = m_proxy->mapToSource(i);
        if (s.data(FtpListingModel::IsDirRole).toBool())
            setCurrentDirectory(s.data(FtpListingModel::PathRole).toString());
        else
            preview(s.data(FtpListingModel::PathRole).toString());
    });
    connect(m_listingView->selectionModel(), &QItemSelectionModel::selectionChanged, this, &FtpPanel::updateActions);
    connect(m_listing, &FtpListingModel::renameRequested, m_browser, &FtpBrowser::rename);
    connect(m_listing, &FtpListingModel::filesDropped, this, [this](const QStringList &files, const QString &dir) {
        for (const QString &f : files)
            if (QFileInfo(f).isFile())
                upload(f, FtpListingModel::join(dir, QFileInfo(f).fileName()));
    });
    connect(m_up, &QAction::triggered, this, [this]() {
        if (m_dir != QLatin1String("/") && !m_dir.isEmpty()) {
            QString parent = m_dir.section(QLatin1Char('/'), 0, -2);
            setCurrentDirectory(parent.isEmpty() ? QStringLiteral("/") : parent);
        }
    });
    connect(m_refresh, &QAction::triggered, this, &FtpPanel::refresh);
    connect(m_download, &QAction::triggered, this, &FtpPanel::downloadSelected);
    connect(m_upload, &QAction::triggered, this, &FtpPanel::uploadFiles);
    connect(m_mkdir, &QAction::triggered, this, &FtpPanel::newFolder);
    connect(m_rename, &QAction::triggered, this, &FtpPanel::renameSelected);
    connect(m_delete, &QAction::triggered, this, &FtpPanel::deleteSelected);
    connect(m_preview, &QAction::triggered, this, [this]() {
        const QStringList files = selectedPaths(true);
        if (!files.isEmpty())
            preview(files.first());
    });
    connect(m_cancelTransfer, &QAction::triggered, this, [this]() {
        for (const QModelIndex &i : m_transfersView->selectionModel()->selectedRows())
            m_browser->cancel(i.data(TransfersModel::IdRole).toInt());
    });
    updateSources();
    updateActions();
}

FtpPanel::~FtpPanel() = default;

void FtpPanel::setController(FixtureController *controller)
{
    if (m_controller)
        disconnect(m_controller, nullptr, this, nullptr);
    m_controller = controller;
    disconnectFromServer();
    if (controller)
        connect(controller, &FixtureController::environmentChanged, this, &FtpPanel::updateSources);
    updateSources();
}

void FtpPanel::updateSources()
{
    // The fixture this panel is connected to went down (or came back on other ports): its
    // server is gone, so is the connection — no actions on a server that is not there.
    if (m_connected && !m_connectedFixture.isEmpty() && m_controller) {
        auto cfg = FtpConfig::fromEnvironment(m_controller->environmentOf(m_connectedFixture));
        if (!cfg || cfg->displayUrl() != m_connectedUrl) {
            const QString fixture = m_connectedFixture;
            disconnectFromServer();
            const QString text = cfg ? tr("%1 was restarted: disconnected (connect again to browse it)").arg(fixture)
                                     : tr("%1 is down: disconnected").arg(fixture);
            m_status->setText(text);
            Q_EMIT statusMessage(text, 8000);
        }
    }
    const QString current = m_source->currentData().toString();
    const QSignalBlocker block(m_source);
    m_source->clear();
    if (m_controller) {
        for (const FixtureStatus &s : m_controller->statuses()) {
            if (!s.instance.isEmpty())
                continue;
            const Environment env = m_controller->environmentOf(s.fixture);
            if (env.contains(QStringLiteral("FTP_HOST")) && env.contains(QStringLiteral("FTP_PORT")))
                m_source->addItem(Icons::get(QStringLiteral("state-ready")), tr("Fixture %1").arg(s.fixture), s.fixture);
        }
    }
    m_source->addItem(tr("URL"), QString());
    const int i = m_source->findData(current);
    m_source->setCurrentIndex(i >= 0 ? i : 0);
    const bool url = m_source->currentData().toString().isEmpty();
    m_url->setReadOnly(!url);
    if (!url) {
        auto cfg = FtpConfig::fromEnvironment(m_controller->environmentOf(m_source->currentData().toString()));
        m_url->setText(cfg ? cfg->displayUrl() : QString());
    }
}

void FtpPanel::connectSelected()
{
    QString error;
    const QString fixture = m_source->currentData().toString();
    const bool ok = fixture.isEmpty() ? connectToUrl(m_url->text(), &error) : connectToFixture(fixture, &error);
    if (!ok)
        showError(error);
}

bool FtpPanel::connectToFixture(const QString &fixture, QString *error)
{
    if (!m_controller)
        return false;
    const Environment env = m_controller->environmentOf(fixture);
    if (env.isEmpty()) {
        if (error)
            *error = tr("%1 is not up: bring it up first").arg(fixture);
        return false;
    }
    auto cfg = FtpConfig::fromEnvironment(env);
    if (!cfg) {
        if (error)
            *error = cfg.error().toString();
        return false;
    }
    const int i = m_source->findData(fixture);
    if (i >= 0) {
        const QSignalBlocker block(m_source);
        m_source->setCurrentIndex(i);
    }
    m_url->setText(cfg->displayUrl());
    m_browser->open(*cfg);
    m_connected = true;
    m_connectedFixture = fixture;
    m_connectedUrl = cfg->displayUrl();
    m_connect->setText(tr("Dis&connect"));
    m_status->setText(tr("Connecting to %1…").arg(cfg->displayUrl()));
    m_tree->reset(cfg->displayUrl());
    updateActions();
    return true;
}

bool FtpPanel::connectToUrl(const QString &url, QString *error)
{
    auto cfg = FtpConfig::fromUrl(url.trimmed());
    if (!cfg) {
        if (error)
            *error = cfg.error().toString();
        return false;
    }
    m_browser->open(*cfg);
    m_connected = true;
    m_connectedFixture.clear();
    m_connectedUrl = cfg->displayUrl();
    m_connect->setText(tr("Dis&connect"));
    m_status->setText(tr("Connecting to %1…").arg(cfg->displayUrl()));
    m_tree->reset(cfg->displayUrl());
    updateActions();
    return true;
}

void FtpPanel::disconnectFromServer()
{
    m_browser->close();
    m_connected = false;
    m_connectedFixture.clear();
    m_connectedUrl.clear();
    m_connect->setText(tr("&Connect"));
    m_dir.clear();
    m_listing->clear();
    m_tree->clear();
    m_csv->clear();
    m_text->clear();
    m_previewPath.clear();
    m_previewStack->setCurrentWidget(m_previewNote);
    m_status->clear();
    updateActions();
}

void FtpPanel::setCurrentDirectory(const QString &path)
{
    if (!m_connected)
        return;
    m_dir = path.isEmpty() ? QStringLiteral("/") : path;
    m_browser->list(m_dir);
    const QModelIndex t = m_tree->indexOf(m_dir);
    if (t.isValid()) {
        const QSignalBlocker block(m_treeView->selectionModel());
        m_treeView->setCurrentIndex(t);
    }
    updateActions();
}

void FtpPanel::refresh()
{
    if (m_connected)
        m_browser->list(m_dir.isEmpty() ? QStringLiteral("/") : m_dir);
}

void FtpPanel::onListed(const QString &dir, const QList<FtpEntry> &entries, const Error &error)
{
    if (!error.message.isEmpty()) {
        showError(error.toString());
        if (dir == m_dir)
            m_listing->setEntries(dir, {});
        return;
    }
    QStringList dirs;
    for (const FtpEntry &e : entries)
        if (e.type == FtpEntry::Type::Directory)
            dirs << e.name;
    m_tree->setSubdirectories(dir, dirs);
    if (dir == QLatin1String("/"))
        m_treeView->expand(m_tree->indexOf(dir));
    if (dir != m_dir)
        return;
    m_listing->setEntries(dir, entries);
    m_status->setStyleSheet(QString());
    m_status->setText(tr("%1 — %n item(s)", nullptr, int(entries.size())).arg(dir));
    const QModelIndex t = m_tree->indexOf(dir);
    if (t.isValid()) {
        const QSignalBlocker block(m_treeView->selectionModel());
        m_treeView->setCurrentIndex(t);
        m_treeView->expand(t);
    }
    updateActions();
    Q_EMIT listingChanged(dir);
}

void FtpPanel::preview(const QString &path)
{
    m_previewPath = path;
    m_previewNote->setText(tr("Loading %1…").arg(path));
    m_previewStack->setCurrentWidget(m_previewNote);
    m_browser->preview(path, 1024 * 1024);
}

void FtpPanel::onPreviewed(const QString &path, const QByteArray &data, bool truncated, const Error &error)
{
    if (path != m_previewPath)
        return;
    if (!error.message.isEmpty()) {
        m_previewNote->setText(error.toString());
        m_previewStack->setCurrentWidget(m_previewNote);
        return;
    }
    const QString note = truncated ? tr(" (first %1 only)").arg(FtpListingModel::sizeText(data.size())) : QString();
    if (path.endsWith(QLatin1String(".csv"), Qt::CaseInsensitive) || path.endsWith(QLatin1String(".tsv"), Qt::CaseInsensitive)) {
        m_csv->setCsv(data);
        m_csvView->resizeColumnsToContents();
        m_previewStack->setCurrentWidget(m_csvView);
        m_status->setText(tr("%1: %n row(s)", nullptr, m_csv->rowCount()).arg(path) + note);
    } else if (looksLikeText(data)) {
        m_text->setPlainText(QString::fromUtf8(data));
        m_previewStack->setCurrentWidget(m_text);
        m_status->setText(path + note);
    } else {
        m_previewNote->setText(tr("%1 is not a text file (%2); download it to open it").arg(path, FtpListingModel::sizeText(data.size())));
        m_previewStack->setCurrentWidget(m_previewNote);
    }
    Q_EMIT previewShown(path);
}

void FtpPanel::onOperationFinished(FtpBrowser::Operation op, const QString &path, bool ok, const Error &error)
{
    if (!ok && op != FtpBrowser::Operation::Upload) // transfers report their own errors
        showError(error.toString());
    Q_UNUSED(path);
    refresh();
}

void FtpPanel::showError(const QString &text)
{
    m_status->setStyleSheet(QStringLiteral("QLabel { color: #c62828; }"));
    m_status->setText(text.section(QLatin1Char('\n'), 0, 0));
    m_status->setToolTip(text);
    Q_EMIT statusMessage(text.section(QLatin1Char('\n'), 0, 0), 8000);
}

QStringList FtpPanel::selectedPaths(bool filesOnly) const
{
    QStringList out;
    for (const QModelIndex &i : m_listingView->selectionModel()->selectedRows(FtpListingModel::NameColumn)) {
        const QModelIndex s = m_proxy->mapToSource(i);
        if (filesOnly && s.data(FtpListingModel::IsDirRole).toBool())
            continue;
        out << s.data(FtpListingModel::PathRole).toString();
    }
    return out;
}

int FtpPanel::download(const QString &remotePath, const QString &localFile)
{
    qint64 size = -1;
    const int row = m_listing->rowOf(remotePath.section(QLatin1Char('/'), -1));
    if (row >= 0 && m_listing->entryAt(row))
        size = m_listing->entryAt(row)->size;
    const int id = m_browser->download(remotePath, localFile, size);
    updateActions();
    return id;
}

int FtpPanel::upload(const QString &localFile, const QString &remotePath)
{
    const int id = m_browser->upload(localFile, remotePath);
    updateActions();
    return id;
}

void FtpPanel::downloadSelected()
{
    const QStringList files = selectedPaths(true);
    if (files.isEmpty())
        return;
    if (files.size() == 1) {
        const QString name = QFileDialog::getSaveFileName(this, tr("Download"), QDir::home().filePath(files.first().section(QLatin1Char('/'), -1)));
        if (!name.isEmpty())
            download(files.first(), name);
        return;
    }
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Download To"), QDir::homePath());
    if (dir.isEmpty())
        return;
    for (const QString &f : files) {
        auto local = FtpClient::safeLocalPath(dir, f.section(QLatin1Char('/'), -1));
        if (local)
            download(f, *local);
        else
            showError(local.error().toString());
    }
}

void FtpPanel::uploadFiles()
{
    const QStringList files = QFileDialog::getOpenFileNames(this, tr("Upload to %1").arg(m_dir));
    for (const QString &f : files)
        upload(f, FtpListingModel::join(m_dir, QFileInfo(f).fileName()));
}

void FtpPanel::deleteSelected()
{
    QStringList paths;
    QList<bool> dirs;
    for (const QModelIndex &i : m_listingView->selectionModel()->selectedRows(FtpListingModel::NameColumn)) {
        const QModelIndex s = m_proxy->mapToSource(i);
        paths << s.data(FtpListingModel::PathRole).toString();
        dirs << s.data(FtpListingModel::IsDirRole).toBool();
    }
    if (paths.isEmpty())
        return;
    if (QMessageBox::question(this, tr("Delete"), tr("Delete %1 from the server?").arg(paths.join(QStringLiteral(", "))))
        != QMessageBox::Yes)
        return;
    for (int i = 0; i < paths.size(); ++i)
        m_browser->remove(paths[i], dirs[i]);
}

void FtpPanel::newFolder()
{
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("New Folder"), tr("Name of the new folder in %1:").arg(m_dir),
                                               QLineEdit::Normal, QString(), &ok).trimmed();
    if (ok && !name.isEmpty() && !name.contains(QLatin1Char('/')))
        m_browser->mkdir(FtpListingModel::join(m_dir, name));
}

void FtpPanel::renameSelected()
{
    const QModelIndex i = m_listingView->currentIndex();
    if (i.isValid())
        m_listingView->edit(i.siblingAtColumn(FtpListingModel::NameColumn));
}

void FtpPanel::updateActions()
{
    const bool c = m_connected;
    const bool any = c && m_listingView->selectionModel()->hasSelection();
    m_up->setEnabled(c && m_dir != QLatin1String("/") && !m_dir.isEmpty());
    m_refresh->setEnabled(c);
    m_download->setEnabled(any && !selectedPaths(true).isEmpty());
    m_upload->setEnabled(c && !m_dir.isEmpty());
    m_mkdir->setEnabled(c && !m_dir.isEmpty());
    m_rename->setEnabled(any);
    m_delete->setEnabled(any);
    m_preview->setEnabled(any && !selectedPaths(true).isEmpty());
    m_cancelTransfer->setEnabled(m_transfers->runningCount() > 0);
}

QList<QUrl> FtpPanel::fetchForDrag(const QStringList &remotePaths)
{
    // Download to a temporary folder first (the drop target wants local files).
    qint64 total = 0;
    for (const QString &p : remotePaths) {
        const int row = m_listing->rowOf(p.section(QLatin1Char('/'), -1));
        if (row >= 0 && m_listing->entryAt(row))
            total += std::max<qint64>(0, m_listing->entryAt(row)->size);
    }
    if (total > 64LL * 1024 * 1024) {
        showError(tr("Too big to drag (%1): use Download").arg(FtpListingModel::sizeText(total)));
        return {};
    }
    m_dragDir = std::make_unique<QTemporaryDir>();
    QList<int> ids;
    QList<QUrl> urls;
    for (const QString &p : remotePaths) {
        auto local = FtpClient::safeLocalPath(m_dragDir->path(), p.section(QLatin1Char('/'), -1));
        if (!local)
            continue;
        ids << download(p, *local);
        urls << QUrl::fromLocalFile(*local);
    }
    QEventLoop loop;
    bool failed = false;
    auto conn = connect(m_browser, &FtpBrowser::transferFinished, &loop, [&](int id, bool ok) {
        ids.removeAll(id);
        failed = failed || !ok;
        if (ids.isEmpty())
            loop.quit();
    });
    QTimer::singleShot(60000, &loop, &QEventLoop::quit);
    if (!ids.isEmpty())
        loop.exec(QEventLoop::ExcludeUserInputEvents);
    disconnect(conn);
    return failed || !ids.isEmpty() ? QList<QUrl>() : urls;
}

} // namespace fixbench
