#include "fixturespec.h"
