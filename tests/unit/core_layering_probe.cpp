// Must NOT compile (ctest unit.core_layering): this target links fixbench_engine only,
// and engine/ does not depend on fixture/, so fixture's headers are not on its path.
#include "engine/engineclient.h"
#include "fixture/fixturemanager.h"

int main() { return 0; }
