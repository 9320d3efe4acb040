// Only a declaration lives in this module (include/CFuzzDriver.h); a C target needs one source file.
#include "CFuzzDriver.h"
