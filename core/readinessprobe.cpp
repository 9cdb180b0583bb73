#include "readinessprobe.h"
