#include "hookrunner.h"
