#ifndef CNCURSESW_SHIM_H
#define CNCURSESW_SHIM_H
// SwiftPM drops pkg-config's -D_XOPEN_SOURCE, which hides the wide-character API;
// asking for it here keeps cchar_t, setcchar and mvadd_wchnstr visible without build flags.
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <langinfo.h>
// Linux packages put the wide-character build under ncursesw/; macOS's SDK and Homebrew's
// ncurses carry the wide API in plain <curses.h>.
#if __has_include(<ncursesw/curses.h>)
#include <ncursesw/curses.h>
#include <ncursesw/term.h>
#else
#include <curses.h>
#include <term.h>
#endif
#include <signal.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

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

// A crash (a Swift trap is SIGILL or SIGTRAP) must not leave the user's terminal in curses
// mode. These run inside the signal handler, so only async-signal-safe calls: put back the
// terminal modes saved before curses started, leave the alternate screen, show the cursor,
// say what happened, then die of the signal's default action at once. (Chaining to Swift's
// backtracer was tried: it lets the other threads go on drawing over the restored screen
// while it works, and on a terminal it waits for a key.)
// Storage lives in function-local statics: Swift's importer emits the bodies of inline
// functions but not a header's global variables.
static const int ct_crash_signals[] = { SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGABRT, SIGFPE };
enum { ct_crash_signal_count = 6 };
static inline struct termios *ct_saved_modes(int *have) {
    static struct termios modes;
    static int saved = 0;
    if (have) { if (*have >= 0) saved = *have; *have = saved; }
    return &modes;
}
static inline struct sigaction *ct_previous_actions(void) {
    static struct sigaction actions[ct_crash_signal_count];
    return actions;
}

static inline void ct_save_terminal_modes(void) {
    int ok = tcgetattr(0, ct_saved_modes(NULL)) == 0;
    ct_saved_modes(&ok);
}

static inline void ct_crash_handler(int sig) {
    static const char restore[] = "\033[?1049l\033[?25h\r\n";
    static const char message[] = "convterm crashed; the terminal was restored. Please report how it happened.\n";
    int have = -1;
    struct termios *modes = ct_saved_modes(&have);
    if (have) tcsetattr(0, TCSANOW, modes);
    (void)!write(1, restore, sizeof restore - 1);
    (void)!write(2, message, sizeof message - 1);
    signal(sig, SIG_DFL);
    raise(sig);
}

static inline void ct_install_crash_handlers(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = ct_crash_handler;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESETHAND | SA_NODEFER;
    for (int i = 0; i < ct_crash_signal_count; i++) sigaction(ct_crash_signals[i], &action, &ct_previous_actions()[i]);
}

static inline void ct_remove_crash_handlers(void) {
    for (int i = 0; i < ct_crash_signal_count; i++) sigaction(ct_crash_signals[i], &ct_previous_actions()[i], NULL);
}
#endif
