#pragma once

#include "fixture/fixturecontroller.h"
#include "ftp/ftpbrowser.h"

#include <QPointer>
#include <QTemporaryDir>
#include <QWidget>

#include <memory>

class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QStackedWidget;
class QTableView;
class QTreeView;

namespace fixbench {

class CsvModel;
class FtpListingModel;
class FtpSortProxy;
class FtpTreeModel;
class TransfersModel;

// The FTP browser: connects with a fixture's environment (FTP_HOST, FTP_PORT, FTP_USER,
// FTP_PASS) or a URL; folder tree and listing (name, size, modified, permissions;
// sortable); refresh, download, upload (also by drag and drop), delete, new folder,
// rename; a preview of text files, CSV files as a table; transfers with progress and
// cancel. Everything runs on FtpBrowser's workers.
class FtpPanel : public QWidget {
    Q_OBJECT
public:
    explicit FtpPanel(QWidget *parent = nullptr);
    ~FtpPanel() override;

    void setController(FixtureController *controller);

    bool connectToFixture(const QString &fixture, QString *error = nullptr);
    bool connectToUrl(const QString &url, QString *error = nullptr);
    void disconnectFromServer();
    bool isConnected() const { return m_connected; }

    void setCurrentDirectory(const QString &path);
    QString currentDirectory() const { return m_dir; }
    void refresh();
    void preview(const QString &path);
    int download(const QString &remotePath, const QString &localFile);
    int upload(const QString &localFile, const QString &remotePath);

    FtpBrowser *browser() const { return m_browser; }
    FtpListingModel *listing() const { return m_listing; }
    FtpSortProxy *listingProxy() const { return m_proxy; }
    FtpTreeModel *tree() const { return m_tree; }
    CsvModel *csv() const { return m_csv; }
    TransfersModel *transfers() const { return m_transfers; }
    QTableView *listingView() const { return m_listingView; }
    QTableView *csvView() const { return m_csvView; }
    QPlainTextEdit *textPreview() const { return m_text; }
    QString previewedPath() const { return m_previewPath; }
    QComboBox *sourceBox() const { return m_source; }

Q_SIGNALS:
    void statusMessage(const QString &text, int timeoutMs);
    void listingChanged(const QString &dir);
    void previewShown(const QString &path);

private:
    void updateSources();
    void connectSelected();
    void onListed(const QString &dir, const QList<FtpEntry> &entries, const Error &error);
    void onPreviewed(const QString &path, const QByteArray &data, bool truncated, const Error &error);
    void onOperationFinished(FtpBrowser::Operation op, const QString &path, bool ok, const Error &error);
    void showError(const QString &text);
    QStringList selectedPaths(bool filesOnly) const;
    void downloadSelected();
    void uploadFiles();
    void deleteSelected();
    void newFolder();
    void renameSelected();
    void updateActions();
    QList<QUrl> fetchForDrag(const QStringList &remotePaths);

    QPointer<FixtureController> m_controller;
    FtpBrowser *m_browser = nullptr;
    FtpListingModel *m_listing = nullptr;
    FtpSortProxy *m_proxy = nullptr;
    FtpTreeModel *m_tree = nullptr;
    CsvModel *m_csv = nullptr;
    TransfersModel *m_transfers = nullptr;
    QComboBox *m_source = nullptr;
    QLineEdit *m_url = nullptr;
    QPushButton *m_connect = nullptr;
    QLabel *m_status = nullptr;
    QTreeView *m_treeView = nullptr;
    QTableView *m_listingView = nullptr;
    QStackedWidget *m_previewStack = nullptr;
    QPlainTextEdit *m_text = nullptr;
    QTableView *m_csvView = nullptr;
    QLabel *m_previewNote = nullptr;
    QTableView *m_transfersView = nullptr;
    QAction *m_up = nullptr;
    QAction *m_refresh = nullptr;
    QAction *m_download = nullptr;
    QAction *m_upload = nullptr;
    QAction *m_mkdir = nullptr;
    QAction *m_rename = nullptr;
    QAction *m_delete = nullptr;
    QAction *m_preview = nullptr;
    QAction *m_cancelTransfer = nullptr;
    QString m_dir;
    QString m_previewPath;
    bool m_connected = false;
    QString m_connectedFixture; // connected to this fixture's server ("" = a URL)
    QString m_connectedUrl;
    std::unique_ptr<QTemporaryDir> m_dragDir;
};

} // namespace fixbench
