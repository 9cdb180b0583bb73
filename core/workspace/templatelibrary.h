#pragma once

#include "base/error.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace fixbench {

// A fixture template: a folder of data files (fixture.yml, compose.yaml, Dockerfile,
// scripts, ...) that `fixbench new NAME --template T` copies into a workspace.
struct FixtureTemplate {
    QString name;        // the folder's name: ftp, postgres, redis, http, generic, ...
    QString dir;         // absolute path
    QString description; // fixture.yml's `description:` (empty when it has none)
};

// The fixture templates installed with fixbench: each sub-folder of one templates
// folder that holds a fixture.yml. The folder is, in this order:
//   $FIXBENCH_TEMPLATES_DIR                      (your own templates)
//   <exe folder>/../share/fixbench/templates     (installed: bin/fixbench)
//   <exe folder>/../../share/fixbench/templates  (build tree: build/app/cli/fixbench)
// Template files may contain {{name}}, replaced by the new fixture's name.
class TemplateLibrary {
public:
    static constexpr const char *kPlaceholder = "{{name}}";
    static constexpr const char *kDefaultTemplate = "generic";

    // The candidate folders for an executable in exeDir, in lookup order.
    static QStringList searchPath(const QString &exeDir);
    // The first candidate that is a folder. A $FIXBENCH_TEMPLATES_DIR that is not one
    // is an error (never silently skipped); none found is an error listing where it looked.
    static Result<TemplateLibrary> locate(const QString &exeDir);
    // A library on a known folder (tests).
    static TemplateLibrary at(const QString &dir);

    QString dir() const { return m_dir; }
    QList<FixtureTemplate> templates() const; // sorted by name
    QStringList names() const;
    std::optional<FixtureTemplate> find(const QString &name) const;

    // Copies template `templateName` to `destination`, which must not exist, replacing
    // {{name}} by fixtureName in every text file and keeping file permissions (scripts
    // stay executable). Writes a hidden sibling folder first and renames it, so a
    // failure leaves nothing behind. Returns the files created, relative, sorted.
    Result<QStringList> instantiate(const QString &templateName, const QString &fixtureName,
                                    const QString &destination) const;

private:
    QString m_dir;
};

} // namespace fixbench
