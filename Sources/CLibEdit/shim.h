#ifndef COBRO_CLIBEDIT_SHIM_H
#define COBRO_CLIBEDIT_SHIM_H
#include <stdio.h>
#include <histedit.h>

/* Glibc's stdin/stdout/stderr are mutable globals that Swift 6 refuses: accessors instead. */
static inline FILE *cobro_stdout(void) { return stdout; }
static inline FILE *cobro_stderr(void) { return stderr; }

#endif
