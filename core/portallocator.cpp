#include "portallocator.h"
