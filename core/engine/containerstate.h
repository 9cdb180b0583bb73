#pragma once

#include <QString>

namespace fixbench {

// A container's healthcheck as the engine reports it, typed: nobody outside engine/
// reads the engine's words or its status text back into a state.
enum class ContainerHealth {
    None,      // no healthcheck
    Starting,  // the healthcheck has not passed yet
    Healthy,
    Unhealthy,
};

// The engine's word for it: "" (None), "starting", "healthy", "unhealthy". What the
// CLI's `status --json` prints and the GUI translates.
QString containerHealthName(ContainerHealth health);

// How the engine's answers carry a container's health and exit code. Pure (no I/O):
// EngineClient uses them on its answers, unit tests without an engine.
namespace containerstate {

// State.Health.Status of an inspect answer: "starting" | "healthy" | "unhealthy";
// anything else ("", "none") is None.
ContainerHealth healthFromInspect(const QString &healthStatus);

// GET /containers/json has no health field before API 1.52: its Status text carries it,
// as the engine writes it: "Up 3 seconds (healthy)", "Up 1 second (health: starting)",
// "Up 2 minutes (unhealthy)". Paused, exited and other texts say nothing: None.
ContainerHealth healthFromStatusText(const QString &statusText);

// The exit code in a list Status text: "Exited (137) 3 seconds ago" → 137,
// "Restarting (1) 2 seconds ago" → 1; 0 when the text carries none ("Up 3 seconds").
int exitCodeFromStatusText(const QString &statusText);

} // namespace containerstate

} // namespace fixbench
