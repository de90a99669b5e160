/* A plain driver for the fuzz targets: runs LLVMFuzzerTestOneInput over each file named
   on the command line (a directory: each regular file in it, sorted), the way libFuzzer
   runs one input. Built with ASan+UBSan against build/lib/libclassify.so by
   `make test-fuzz-regressions`, which replays tests/fuzz-regressions/<target>/.

   A harness that finds a broken invariant aborts, and so does a sanitizer; an input that
   runs longer than CLASSIFY_REPLAY_SECONDS (default 30) is reported as slow and the
   program exits 1. Prints "fuzz-<target>: N passed, 0 failed" at the end. */
#define _POSIX_C_SOURCE 200809L
#include "fuzz_common.h"

#include <dirent.h>
#include <signal.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char *g_current = "";

static void on_alarm(int sig) {
    (void)sig;
    static const char msg[] = "replay: input took longer than CLASSIFY_REPLAY_SECONDS: ";
    ssize_t w = write(2, msg, sizeof msg - 1);
    w = write(2, g_current, strlen(g_current));
    w = write(2, "\n", 1);
    (void)w;
    _exit(1);
}

/* A trap (Swift's overflow and precondition checks end in SIGILL or SIGTRAP), an abort
   (a broken invariant, a sanitizer report): name the input, then die of the signal.
   SIGSEGV and SIGBUS stay with AddressSanitizer, which reports them itself. */
static void on_crash(int sig) {
    static const char msg[] = "replay: crashed on input ";
    ssize_t w = write(2, msg, sizeof msg - 1);
    w = write(2, g_current, strlen(g_current));
    w = write(2, "\n", 1);
    (void)w;
    signal(sig, SIG_DFL);
    raise(sig);
}

static int replay_file(const char *path, unsigned seconds, double *elapsed) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return -1;
    }
    size_t cap = 4096, len = 0;
    uint8_t *buf = malloc(cap);
    if (!buf) abort();
    for (;;) {
        if (len == cap) {
            cap *= 2;
            uint8_t *q = realloc(buf, cap);
            if (!q) abort();
            buf = q;
        }
        size_t n = fread(buf + len, 1, cap - len, f);
        len += n;
        if (n == 0) break;
    }
    fclose(f);
    /* libFuzzer passes an exactly sized heap copy: do the same, so ASan sees overreads. */
    uint8_t *copy = malloc(len ? len : 1);
    if (!copy) abort();
    memcpy(copy, buf, len);
    free(buf);
    g_current = path;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    alarm(seconds);
    LLVMFuzzerTestOneInput(copy, len);
    alarm(0);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    *elapsed = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    free(copy);
    return 0;
}

static int by_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: %s TARGET-NAME FILE-OR-DIR...\n", argv[0]);
        return 2;
    }
    const char *target = argv[1];
    const char *env = getenv("CLASSIFY_REPLAY_SECONDS");
    unsigned seconds = env && atoi(env) > 0 ? (unsigned)atoi(env) : 30;
    signal(SIGALRM, on_alarm);
    signal(SIGILL, on_crash);
    signal(SIGTRAP, on_crash);
    signal(SIGABRT, on_crash);
    int fargc = 1;
    char **fargv = argv;
    LLVMFuzzerInitialize(&fargc, &fargv);

    int passed = 0;
    double slowest = 0, total = 0;
    for (int i = 2; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            perror(argv[i]);
            return 2;
        }
        char **paths = NULL;
        size_t n = 0;
        if (S_ISDIR(st.st_mode)) {
            DIR *d = opendir(argv[i]);
            if (!d) {
                perror(argv[i]);
                return 2;
            }
            struct dirent *e;
            while ((e = readdir(d)) != NULL) {
                if (e->d_name[0] == '.') continue; /* ., .., .gitkeep */
                size_t len = strlen(argv[i]) + strlen(e->d_name) + 2;
                char *p = malloc(len);
                if (!p) abort();
                snprintf(p, len, "%s/%s", argv[i], e->d_name);
                struct stat fst;
                if (stat(p, &fst) != 0 || !S_ISREG(fst.st_mode) || strstr(e->d_name, ".md")) {
                    free(p);
                    continue;
                }
                char **q = realloc(paths, (n + 1) * sizeof *paths);
                if (!q) abort();
                paths = q;
                paths[n++] = p;
            }
            closedir(d);
            if (n > 1) qsort(paths, n, sizeof *paths, by_name);
        } else {
            paths = malloc(sizeof *paths);
            if (!paths) abort();
            paths[0] = strdup(argv[i]);
            n = 1;
        }
        for (size_t j = 0; j < n; j++) {
            double t = 0;
            if (replay_file(paths[j], seconds, &t) != 0) return 2;
            if (t > slowest) slowest = t;
            total += t;
            passed++;
            free(paths[j]);
        }
        free(paths);
    }
    printf("replayed %d %s inputs in %.2f s (slowest %.2f s)\n", passed, target, total, slowest);
    printf("fuzz-%s: %d passed, 0 failed\n", target, passed);
    return 0;
}
