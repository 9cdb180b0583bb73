#include "yamlutil.h"
