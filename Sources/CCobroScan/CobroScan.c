// The scanning helpers are `static inline` in include/CobroScan.h; this file gives SwiftPM a
// source to build the target from.
#include "CobroScan.h"
