#pragma once

#include "base/error.h"

#include <QString>
#include <QStringList>

namespace fixbench {

// Which compose CLI runs the stacks: `docker compose` (v2 plugin) when present, else
// `docker-compose` (v1), or `podman compose`. FIXBENCH_COMPOSE overrides detection
// ("docker compose", "docker-compose", "podman compose").
class ComposeTool {
public:
    enum class Flavor { DockerV2, DockerV1, Podman };

    Flavor flavor = Flavor::DockerV2;
    QString program;          // "docker", "docker-compose", "podman"
    QStringList prefixArgs;   // {"compose"} for docker/podman, {} for docker-compose
    QString version;          // "2.24.1", "1.29.2"

    QString displayName() const; // "docker compose 2.24.1"
    QString flavorName() const;  // "v2", "v1", "podman"

    // Detected once per process; across processes through a small file in the runtime
    // folder (compose-tool.cache), valid while what the answer depends on is unchanged:
    // FIXBENCH_COMPOSE and the path, size and modification time of docker, its compose
    // plugin, docker-compose and podman (a binary installed, removed or upgraded, or a
    // different PATH, and it is detected again). Only an answer is cached, never a failure.
    static Result<ComposeTool> detect();
    // detect() through the cache file `cachePath`, without the per-process answer.
    static Result<ComposeTool> detectCached(const QString &cachePath);
    static Result<ComposeTool> probe(Flavor flavor); // no cache
    static ComposeTool forFlavor(Flavor flavor);     // program and prefixArgs, no version
    // What a cached answer is valid for (see detect()): one line per executable.
    static QString toolsStamp();
};

} // namespace fixbench
