#include "fixturemanager.h"
