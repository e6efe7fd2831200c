#ifndef CNCURSESW_SHIM_H
#define CNCURSESW_SHIM_H
// SwiftPM drops pkg-config's -D_XOPEN_SOURCE, which hides the wide-character API;
// asking for it here keeps cchar_t, setcchar and mvadd_wchnstr visible without build flags.
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <langinfo.h>
#include <ncursesw/curses.h>
#include <ncursesw/term.h>

// Swift 6 rejects mutable C globals and cannot import cast/shift macros: expose them as functions.
static inline WINDOW *ct_stdscr(void) { return stdscr; }
static inline int ct_lines(void) { return LINES; }
static inline int ct_cols(void) { return COLS; }
static inline int ct_colors(void) { return COLORS; }
static inline int ct_color_pairs(void) { return COLOR_PAIRS; }
static inline attr_t ct_a_bold(void) { return A_BOLD; }
static inline attr_t ct_a_reverse(void) { return A_REVERSE; }
static inline attr_t ct_a_underline(void) { return A_UNDERLINE; }
static inline attr_t ct_a_dim(void) { return A_DIM; }
static inline attr_t ct_a_normal(void) { return A_NORMAL; }
static inline attr_t ct_a_italic(void) { return A_ITALIC; }
static inline FILE *ct_stdout(void) { return stdout; }
static inline FILE *ct_stdin(void) { return stdin; }
// tigetstr returns NULL or (char *)-1 for an absent capability; the cast is easier in C.
// Only valid once a terminal is set up (after newterm).
static inline int ct_has_cursor_addressing(void) {
    char *cup = tigetstr("cup");
    return cup != NULL && cup != (char *)-1;
}
#endif
