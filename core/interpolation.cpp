#include "interpolation.h"
