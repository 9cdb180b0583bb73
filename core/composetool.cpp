#include "composetool.h"
