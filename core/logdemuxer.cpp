#include "logdemuxer.h"
