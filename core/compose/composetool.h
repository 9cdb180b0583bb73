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

    // Detected once per process (cached); later calls return the cached answer.
    static Result<ComposeTool> detect();
    static Result<ComposeTool> probe(Flavor flavor); // no cache
};

} // namespace fixbench
