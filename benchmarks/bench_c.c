/*
 * bench_c.c - benchmarks of libclassify through its C ABI (include/classify.h).
 *
 *   cc -O2 -Iinclude -o bench_c benchmarks/bench_c.c -Lbuild/lib -lclassify -ldl \
 *      -Wl,-rpath,$PWD/build/lib
 *
 *   bench_c open    [--builtin NAME] [--reps N]
 *       Opens the built-in ruleset (default: "default", every built-in pack layered: parse,
 *       validate, compile, JIT) N times. Reports the first (cold) open, the median and
 *       minimum of the others, and the resident memory (/proc/self/statm) the first
 *       ruleset added and a second ruleset, opened while the first is held, added.
 *   bench_c scan    FILE [--builtin NAME] [--reps N] [--warmup N] [--alloc-scans N]
 *       Reads FILE into memory and scans it whole N times with one scanner (after warm-up),
 *       reading the decision and every finding each time. Reports the median, min and max
 *       seconds and MB/s (10^6 bytes per second).
 *   bench_c records FILE [--builtin NAME] [--calls N]
 *       Scans each non-empty line of FILE as its own record, cycling through the lines for
 *       at least N calls (default 100000) after one untimed pass, timing every call (scan,
 *       decision, findings). Reports the median, p99, mean and minimum microseconds.
 *
 * When the malloc counter (benchmarks/malloc_count.c) is preloaded, `scan` and `records`
 * also count heap allocations per call after the timed loop (untimed, so counting does
 * not disturb the timings; `scan`: --alloc-scans more scans, default 3; `records`: one
 * call per record, at most 20,000): allocs_per_scan (classify_scanner_scan alone) and
 * allocs_per_read (classify_scanner_decision plus every classify_scanner_finding).
 *
 * Clocks: `open` and `scan` time each repetition with this thread's CPU time
 * (CLOCK_THREAD_CPUTIME_ID: other processes on a shared machine do not inflate it) and
 * also report the wall-clock median; `records` times each call by wall clock
 * (CLOCK_MONOTONIC, a vDSO call of tens of nanoseconds; the CPU clock is a system call,
 * too slow per call), so its median is robust to load but its p99 includes preemption,
 * and reports the CPU-time mean over the whole loop as cpu_mean_us.
 *
 * Output: one JSON object per run on standard output. One thread. Findings are kept up to CLASSIFY_LIMIT_MAX_FINDINGS so dense input is
 * scanned completely.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "classify.h"

/* ---------------------------------------------------------------------------------- */

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* CPU time of this thread: what a scan costs, unaffected by other processes taking the
 * CPU (the machine this runs on is shared). A system call, so only for long intervals. */
static double cpu_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void die(const char *what, const char *detail) {
    fprintf(stderr, "bench_c: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
    exit(2);
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Sorts xs in place; median of n values. */
static double median(double *xs, size_t n) {
    if (n == 0) return 0;
    qsort(xs, n, sizeof *xs, cmp_double);
    return n % 2 ? xs[n / 2] : (xs[n / 2 - 1] + xs[n / 2]) / 2;
}

/* Nearest-rank percentile of sorted xs. */
static double percentile(const double *sorted, size_t n, double p) {
    if (n == 0) return 0;
    size_t rank = (size_t)(p / 100.0 * (double)n + 0.999999999);
    if (rank < 1) rank = 1;
    if (rank > n) rank = n;
    return sorted[rank - 1];
}

/* Resident set size in KiB, from /proc/self/statm. */
static long rss_kib(void) {
    FILE *f = fopen("/proc/self/statm", "r");
    if (!f) return -1;
    long size = 0, resident = 0;
    if (fscanf(f, "%ld %ld", &size, &resident) != 2) resident = -1;
    fclose(f);
    return resident < 0 ? -1 : resident * (sysconf(_SC_PAGESIZE) / 1024);
}

/* The malloc counter, when benchmarks/malloc_count.so is preloaded. */
typedef unsigned long long (*counter_fn)(void);
static counter_fn alloc_calls;

static void find_counter(void) { alloc_calls = (counter_fn)dlsym(RTLD_DEFAULT, "malloc_count_calls"); }

static char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) die(path, strerror(errno));
    size_t cap = 1 << 20, n = 0;
    char *buf = malloc(cap);
    if (!buf) die("out of memory", NULL);
    for (;;) {
        if (n == cap) {
            cap *= 2;
            buf = realloc(buf, cap);
            if (!buf) die("out of memory", NULL);
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) break;
    }
    if (ferror(f)) die(path, "read error");
    fclose(f);
    *len = n;
    return buf;
}

static classify_ruleset *open_ruleset(const char *name) {
    classify_ruleset *rs = NULL;
    classify_error *err = NULL;
    if (classify_ruleset_open_builtin(&rs, name, NULL, &err) != CLASSIFY_OK) {
        fprintf(stderr, "bench_c: cannot open built-in ruleset '%s': %s\n", name ? name : "default",
                classify_error_message(err));
        classify_error_free(err);
        exit(2);
    }
    return rs;
}

static void json_string(const char *s) {
    putchar('"');
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') printf("\\%c", c);
        else if (c < 0x20) printf("\\u%04x", c);
        else putchar(c);
    }
    putchar('"');
}

/* One scan with the work a caller does: scan, then read the decision and every finding.
 * Returns the number of findings; *incomplete gets the incomplete bits. */
static size_t scan_and_read(classify_scanner *sc, const classify_ruleset *rs, const void *data, size_t len,
                            const classify_scan_options *opts, uint32_t *incomplete) {
    int rc = classify_scanner_scan(sc, rs, data, len, opts);
    if (rc < 0) die("classify_scanner_scan failed", classify_status_string(rc));
    classify_decision d = CLASSIFY_DECISION_INIT;
    if (classify_scanner_decision(sc, &d) != CLASSIFY_OK) die("classify_scanner_decision failed", NULL);
    classify_finding f = CLASSIFY_FINDING_INIT;
    size_t i = 0;
    uint64_t checksum = 0;
    while (classify_scanner_finding(sc, i, &f) == CLASSIFY_OK) {
        checksum += f.start ^ f.end;
        i++;
    }
    if (incomplete) *incomplete = d.incomplete;
    /* Keep the loop from being optimised away. */
    __asm__ volatile("" : : "r"(checksum) : "memory");
    return i;
}

/* Allocations per call of scan alone and of reading the result, over `calls` calls that
 * cycle through the given spans. Prints the JSON fields (with a leading comma). */
static void count_allocs(classify_scanner *sc, const classify_ruleset *rs, const char *const *starts,
                         const size_t *lens, size_t nspans, size_t calls, const classify_scan_options *opts) {
    if (!alloc_calls) {
        printf(", \"allocs_counted\": false");
        return;
    }
    unsigned long long scan_allocs = 0, read_allocs = 0;
    for (size_t i = 0; i < calls; i++) {
        size_t k = i % nspans;
        unsigned long long a0 = alloc_calls();
        int rc = classify_scanner_scan(sc, rs, starts[k], lens[k], opts);
        unsigned long long a1 = alloc_calls();
        if (rc < 0) die("classify_scanner_scan failed", classify_status_string(rc));
        classify_decision d = CLASSIFY_DECISION_INIT;
        classify_scanner_decision(sc, &d);
        classify_finding f = CLASSIFY_FINDING_INIT;
        for (size_t j = 0; classify_scanner_finding(sc, j, &f) == CLASSIFY_OK; j++) {
        }
        unsigned long long a2 = alloc_calls();
        scan_allocs += a1 - a0;
        read_allocs += a2 - a1;
    }
    printf(", \"allocs_counted\": true, \"alloc_calls\": %zu, \"allocs_per_scan\": %.3f, \"allocs_per_read\": %.3f",
           calls, (double)scan_allocs / (double)calls, (double)read_allocs / (double)calls);
}

/* ---------------------------------------------------------------------------------- */

static int cmd_open(const char *name, int reps) {
    if (reps < 2) reps = 2;
    long rss0 = rss_kib();
    double t0 = cpu_s();
    classify_ruleset *first = open_ruleset(name);
    double first_ms = (cpu_s() - t0) * 1e3;
    long rss1 = rss_kib();
    /* A second ruleset while the first is held: its RSS delta is the ruleset's own memory,
     * without the library's code and one-time runtime data paged in by the first open. */
    classify_ruleset *second = open_ruleset(name);
    long rss2 = rss_kib();
    classify_ruleset_free(second);

    double *ms = calloc((size_t)reps, sizeof *ms);
    double *wall = calloc((size_t)reps, sizeof *wall);
    for (int i = 0; i < reps; i++) {
        double s = now_s(), c = cpu_s();
        classify_ruleset *rs = open_ruleset(name);
        ms[i] = (cpu_s() - c) * 1e3;
        wall[i] = (now_s() - s) * 1e3;
        classify_ruleset_free(rs);
    }
    double med = median(ms, (size_t)reps);
    double wall_med = median(wall, (size_t)reps);
    printf("{\"mode\": \"open\", \"name\": ");
    json_string(name ? name : "default");
    printf(", \"id\": ");
    json_string(classify_ruleset_id(first));
    printf(", \"detectors\": %zu, \"reps\": %d, \"clock\": \"cpu\", \"first_ms\": %.3f, \"median_ms\": %.3f, "
           "\"min_ms\": %.3f, \"max_ms\": %.3f, \"wall_median_ms\": %.3f, \"rss_before_kib\": %ld, "
           "\"rss_first_open_kib\": %ld, \"rss_second_open_kib\": %ld}\n",
           classify_ruleset_detector_count(first), reps, first_ms, med, ms[0], ms[reps - 1], wall_med, rss0,
           rss1 - rss0, rss2 - rss1);
    free(ms);
    free(wall);
    classify_ruleset_free(first);
    return 0;
}

static int cmd_scan(const char *path, const char *name, int reps, int warmup, size_t alloc_calls_n) {
    size_t len = 0;
    char *data = read_file(path, &len);
    classify_ruleset *rs = open_ruleset(name);
    classify_scanner *sc = NULL;
    if (classify_scanner_new(&sc) != CLASSIFY_OK) die("classify_scanner_new failed", NULL);
    classify_scan_options opts = CLASSIFY_SCAN_OPTIONS_INIT;
    opts.max_findings = CLASSIFY_LIMIT_MAX_FINDINGS;

    uint32_t incomplete = 0;
    size_t findings = 0;
    for (int i = 0; i < warmup; i++) findings = scan_and_read(sc, rs, data, len, &opts, &incomplete);
    double *secs = calloc((size_t)reps, sizeof *secs);
    double *wall = calloc((size_t)reps, sizeof *wall);
    for (int i = 0; i < reps; i++) {
        double w0 = now_s(), t0 = cpu_s();
        findings = scan_and_read(sc, rs, data, len, &opts, &incomplete);
        secs[i] = cpu_s() - t0;
        wall[i] = now_s() - w0;
    }
    double med = median(secs, (size_t)reps);
    double wall_med = median(wall, (size_t)reps);
    printf("{\"mode\": \"scan\", \"file\": ");
    json_string(path);
    printf(", \"bytes\": %zu, \"reps\": %d, \"warmup\": %d, \"clock\": \"cpu\", \"median_s\": %.6f, "
           "\"min_s\": %.6f, \"max_s\": %.6f, \"mb_per_s\": %.2f, \"wall_median_s\": %.6f, \"wall_mb_per_s\": %.2f, "
           "\"findings\": %zu, \"incomplete\": %u",
           len, reps, warmup, med, secs[0], secs[reps - 1], med > 0 ? (double)len / med / 1e6 : 0.0, wall_med,
           wall_med > 0 ? (double)len / wall_med / 1e6 : 0.0, findings, incomplete);
    const char *starts[1] = {data};
    size_t lens[1] = {len};
    count_allocs(sc, rs, starts, lens, 1, alloc_calls_n, &opts);
    printf("}\n");
    free(secs);
    free(wall);
    classify_scanner_free(sc);
    classify_ruleset_free(rs);
    free(data);
    return 0;
}

static int cmd_records(const char *path, const char *name, size_t min_calls) {
    size_t len = 0;
    char *data = read_file(path, &len);
    /* Non-empty lines, without "\n" or "\r\n". */
    size_t cap = 1024, n = 0;
    const char **starts = malloc(cap * sizeof *starts);
    size_t *lens = malloc(cap * sizeof *lens);
    size_t total = 0;
    for (size_t i = 0, s = 0; i <= len; i++) {
        if (i == len || data[i] == '\n') {
            size_t e = i;
            if (e > s && data[e - 1] == '\r') e--;
            if (e > s) {
                if (n == cap) {
                    cap *= 2;
                    starts = realloc(starts, cap * sizeof *starts);
                    lens = realloc(lens, cap * sizeof *lens);
                }
                starts[n] = data + s;
                lens[n] = e - s;
                total += e - s;
                n++;
            }
            s = i + 1;
        }
    }
    if (n == 0) die(path, "no records");
    classify_ruleset *rs = open_ruleset(name);
    classify_scanner *sc = NULL;
    if (classify_scanner_new(&sc) != CLASSIFY_OK) die("classify_scanner_new failed", NULL);
    classify_scan_options opts = CLASSIFY_SCAN_OPTIONS_INIT;

    size_t findings = 0;
    for (size_t i = 0; i < n; i++) findings += scan_and_read(sc, rs, starts[i], lens[i], &opts, NULL);
    size_t calls = min_calls < n ? n : min_calls;
    calls = (calls + n - 1) / n * n; /* whole passes, so every record weighs the same */
    double *us = malloc(calls * sizeof *us);
    double c0 = cpu_s();
    for (size_t i = 0; i < calls; i++) {
        size_t k = i % n;
        uint64_t a = now_ns();
        scan_and_read(sc, rs, starts[k], lens[k], &opts, NULL);
        us[i] = (double)(now_ns() - a) / 1e3;
    }
    double cpu = cpu_s() - c0;
    double sum = 0;
    for (size_t i = 0; i < calls; i++) sum += us[i];
    double med = median(us, calls);
    printf("{\"mode\": \"records\", \"file\": ");
    json_string(path);
    printf(", \"records\": %zu, \"mean_record_bytes\": %.1f, \"calls\": %zu, \"median_us\": %.3f, \"p99_us\": %.3f, "
           "\"mean_us\": %.3f, \"min_us\": %.3f, \"max_us\": %.3f, \"cpu_mean_us\": %.3f, \"mb_per_s\": %.2f, "
           "\"findings_per_pass\": %zu",
           n, (double)total / (double)n, calls, med, percentile(us, calls, 99), sum / (double)calls, us[0],
           us[calls - 1], cpu / (double)calls * 1e6, (double)total * (double)(calls / n) / cpu / 1e6, findings);
    count_allocs(sc, rs, starts, lens, n, n < 20000 ? n : 20000, &opts);
    printf("}\n");
    free(us);
    free(starts);
    free(lens);
    classify_scanner_free(sc);
    classify_ruleset_free(rs);
    free(data);
    return 0;
}

static void usage(void) {
    fprintf(stderr,
            "usage: bench_c open [--builtin NAME] [--reps N]\n"
            "       bench_c scan FILE [--builtin NAME] [--reps N] [--warmup N] [--alloc-scans N]\n"
            "       bench_c records FILE [--builtin NAME] [--calls N]\n");
    exit(2);
}

int main(int argc, char **argv) {
    if (argc < 2) usage();
    const char *mode = argv[1];
    const char *file = NULL;
    const char *name = NULL;
    int reps = -1, warmup = 1;
    long calls = 100000;
    long alloc_scans = 3;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--builtin") && i + 1 < argc) name = argv[++i];
        else if (!strcmp(a, "--reps") && i + 1 < argc) reps = atoi(argv[++i]);
        else if (!strcmp(a, "--warmup") && i + 1 < argc) warmup = atoi(argv[++i]);
        else if (!strcmp(a, "--calls") && i + 1 < argc) calls = atol(argv[++i]);
        else if (!strcmp(a, "--alloc-scans") && i + 1 < argc) alloc_scans = atol(argv[++i]);
        else if (a[0] == '-' && a[1] == '-') usage();
        else if (!file) file = a;
        else usage();
    }
    if (classify_version_number() / 10000 != CLASSIFY_VERSION_MAJOR) die("library major version mismatch", NULL);
    find_counter();
    if (!strcmp(mode, "open")) return cmd_open(name, reps < 0 ? 10 : reps);
    if (!file) usage();
    if (!strcmp(mode, "scan"))
        return cmd_scan(file, name, reps < 1 ? 5 : reps, warmup < 0 ? 0 : warmup, alloc_scans < 1 ? 1 : (size_t)alloc_scans);
    if (!strcmp(mode, "records")) return cmd_records(file, name, calls < 1 ? 1 : (size_t)calls);
    usage();
    return 2;
}
