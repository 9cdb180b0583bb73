#include "engineclient.h"
