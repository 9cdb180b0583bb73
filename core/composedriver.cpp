#include "composedriver.h"
