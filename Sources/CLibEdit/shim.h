#ifndef COBRO_CLIBEDIT_SHIM_H
#define COBRO_CLIBEDIT_SHIM_H
#include <stdio.h>
#include <histedit.h>

/* Glibc's stdin/stdout/stderr are mutable globals that Swift 6 refuses: accessors instead. */
static inline FILE *cobro_stdout(void) { return stdout; }
static inline FILE *cobro_stderr(void) { return stderr; }

/* el_set, el_get and history are variadic, which Swift cannot call: one wrapper per use. */
typedef unsigned char (*cobro_el_command_t)(EditLine *, int);
typedef char *(*cobro_el_prompt_t)(EditLine *);

/* Draws on stdout, or on stderr when stdout is not a terminal (libedit stops editing when the
   stream it draws on is not a terminal). */
static inline EditLine *cobro_el_init(const char *program, int draw_on_stderr) {
    return el_init(program, stdin, draw_on_stderr ? stderr : stdout, stderr);
}
static inline int cobro_el_set_prompt(EditLine *el, cobro_el_prompt_t fn, char escape) {
    return el_set(el, EL_PROMPT_ESC, fn, escape);
}
static inline int cobro_el_set_editor(EditLine *el, const char *mode) {
    return el_set(el, EL_EDITOR, mode);
}
static inline int cobro_el_set_signal(EditLine *el, int on) { return el_set(el, EL_SIGNAL, on); }
static inline int cobro_el_set_history(EditLine *el, History *h) {
    return el_set(el, EL_HIST, history, h);
}
/* Adds cobro's three editor functions. The narrow EL_ADDFN copies the name and the help into
   strings that el_end never frees; the wide one keeps these literals, which live as long as the
   program. */
static inline int cobro_el_add_functions(EditLine *el, cobro_el_command_t complete,
                                         cobro_el_command_t interrupt,
                                         cobro_el_command_t suspend) {
    return el_wset(el, EL_ADDFN, L"cobro-complete", L"complete the word", complete)
         | el_wset(el, EL_ADDFN, L"cobro-interrupt", L"drop the line", interrupt)
         | el_wset(el, EL_ADDFN, L"cobro-suspend", L"suspend cobro", suspend);
}
static inline int cobro_el_bind(EditLine *el, const char *key, const char *function) {
    return el_set(el, EL_BIND, key, function, (const char *)NULL);
}
/* Changes a terminal mode flag of editing (`setty -d FLAG`), e.g. "-isig". */
static inline int cobro_el_set_edit_tty_mode(EditLine *el, const char *flag) {
    return el_set(el, EL_SETTY, "-d", flag, (const char *)NULL);
}
static inline int cobro_el_set_client_data(EditLine *el, void *data) {
    return el_set(el, EL_CLIENTDATA, data);
}
static inline void *cobro_el_client_data(EditLine *el) {
    void *data = NULL;
    el_get(el, EL_CLIENTDATA, &data);
    return data;
}
static inline FILE *cobro_el_output(EditLine *el) {
    FILE *f = NULL;
    el_get(el, EL_GETFP, 1, &f);
    return f;
}
static inline int cobro_history_set_size(History *h, int n) {
    HistEvent ev;
    return history(h, &ev, H_SETSIZE, n);
}
static inline int cobro_history_set_unique(History *h, int on) {
    HistEvent ev;
    return history(h, &ev, H_SETUNIQUE, on);
}
static inline int cobro_history_enter(History *h, const char *line) {
    HistEvent ev;
    return history(h, &ev, H_ENTER, line);
}
static inline int cobro_history_load(History *h, const char *path) {
    HistEvent ev;
    return history(h, &ev, H_LOAD, path);
}
static inline int cobro_history_save(History *h, const char *path) {
    HistEvent ev;
    return history(h, &ev, H_SAVE, path);
}

#endif
