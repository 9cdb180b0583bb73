#pragma once

#include <QString>

namespace fixbench {

// Labels fixbench puts on every container and network it starts (through a generated
// compose override file). The engine is the source of truth: any process finds a
// fixture, its owner, its ports and its spec hash from these.
namespace labels {
inline constexpr char Fixture[] = "fixbench.fixture";          // fixture name
inline constexpr char Instance[] = "fixbench.instance";        // "" for the default instance
inline constexpr char Workspace[] = "fixbench.workspace";      // Workspace::id()
inline constexpr char WorkspaceRoot[] = "fixbench.workspace.root";
inline constexpr char OwnerPid[] = "fixbench.owner.pid";       // process that brought it up
inline constexpr char OwnerStart[] = "fixbench.owner.start";   // its start time (pid reuse guard)
inline constexpr char OwnerHost[] = "fixbench.owner.host";
inline constexpr char Keep[] = "fixbench.keep";                // "true": stays up, never pruned
// Container labels cannot change, so keep can be changed later through a marker volume
// named <project>_fixbench_keep carrying KeepMarker=<project> and Keep=true|false; when
// it exists it wins over the containers' Keep label.
inline constexpr char KeepMarker[] = "fixbench.keep-marker";
inline constexpr char SpecHash[] = "fixbench.hash";            // hash of fixture files at start
inline constexpr char Ports[] = "fixbench.ports";              // "FTP_PORT=21021;FTP_PASV=21030-21033"
inline constexpr char Started[] = "fixbench.started";          // ISO time the up began
// Stacks whose lifetime follows leases (fixture/lease.h): they go down `Linger` ms
// after their last lease ended, unless kept. Stacks without it (fixbench < 0.3) follow
// their owner process (prune).
inline constexpr char Lifetime[] = "fixbench.lifetime";        // "lease"
inline constexpr char Linger[] = "fixbench.linger";            // ms
inline constexpr char ComposeProject[] = "com.docker.compose.project";
inline constexpr char ComposeService[] = "com.docker.compose.service";
} // namespace labels

// Compose project names valid for compose v1 and v2 (lower-case letters, digits, '_'
// and '-', starting with a letter): fb-<workspace id>-<fixture>[-<instance>], each part
// through projectPart(). Injective: distinct (workspace, fixture, instance) triples give
// distinct names ("my-db" and "my_db", fixture "db" instance "test" and fixture
// "db_test" included); FixtureManager still refuses a stack whose labels name another
// triple, should two ever meet.
QString composeProjectName(const QString &workspaceId, const QString &fixture, const QString &instance);
// A name part: itself when it is already canonical (runs of [a-z0-9] joined by single
// '_'), else its sanitized form + "__" + 8 hex digits of its SHA-1 (a canonical part
// never holds "__", parts never hold '-').
QString projectPart(const QString &s);
// Lower-case, every character outside [a-z0-9] replaced by '_', runs collapsed.
QString sanitizeProjectPart(const QString &s);

} // namespace fixbench
