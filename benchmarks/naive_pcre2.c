/*
 * naive_pcre2.c - the baseline classify is measured against: every pattern of every pack,
 * each compiled with PCRE2 and JIT-compiled, run over the whole buffer one pass per
 * pattern, counting matches. No validation, no context scoring, no overlap resolution, no
 * decision: a generous baseline (it does less work per match than the engine does).
 *
 *   cc -O2 -o naive_pcre2 benchmarks/naive_pcre2.c $(pkg-config --cflags --libs libpcre2-8 json-c)
 *   naive_pcre2 [--reps N] [--max-bytes N] [--top K] FILE PACK.json...
 *
 * Patterns are compiled exactly as the engine compiles them
 * (Sources/ClassifyEngine/Internals/PCRE2Pattern.swift): PCRE2_UTF | PCRE2_MATCH_INVALID_UTF
 * | PCRE2_NEVER_BACKSLASH_C | PCRE2_NO_UTF_CHECK | PCRE2_USE_OFFSET_LIMIT (the engine sets an
 * offset limit for its windowed searches; no limit is set here), plus PCRE2_CASELESS for a
 * detector whose `flags` hold "caseless"; PCRE2_JIT_COMPLETE; the engine's match limit (1,000,000), depth
 * limit (100,000) and a 32 KiB..1 MiB JIT stack. After a match the search resumes at its
 * end (one byte further for an empty match), as the engine's naive strategy does.
 *
 * --max-bytes scans only the first N bytes of FILE (cut back to a line break), so that a
 * slow baseline fits the time budget; MB/s is over the bytes actually scanned.
 * Output: one JSON object: the median seconds (this thread's CPU time, so that other
 * processes on a shared machine do not inflate it; the wall-clock median as well) of a
 * full N-pass scan over --reps repetitions, MB/s, total matches, and the --top K slowest patterns (their share of the
 * time of the median repetition).
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <errno.h>
#include <json.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct {
    pcre2_code *code;
    char *detector;
    int index; /* pattern index within the detector */
    int caseless;
    double secs; /* time of this pattern in the current repetition */
    double total; /* over all repetitions */
    size_t matches;
} pattern;

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* CPU time of this thread (unaffected by other processes on a shared machine). */
static double cpu_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void die(const char *what, const char *detail) {
    fprintf(stderr, "naive_pcre2: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
    exit(2);
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int cmp_total_desc(const void *a, const void *b) {
    double x = ((const pattern *)a)->total, y = ((const pattern *)b)->total;
    return (x < y) - (x > y);
}

static char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) die(path, strerror(errno));
    size_t cap = 1 << 20, n = 0;
    char *buf = malloc(cap);
    for (;;) {
        if (n == cap) buf = realloc(buf, cap *= 2);
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) break;
    }
    fclose(f);
    *len = n;
    return buf;
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

static pattern *patterns;
static size_t npatterns, cap_patterns;
static size_t jit_failed;

static void add_pack(const char *path) {
    json_object *root = json_object_from_file(path);
    if (!root) die(path, json_util_get_last_err());
    json_object *detectors = NULL;
    if (!json_object_object_get_ex(root, "detectors", &detectors)) die(path, "no detectors");
    size_t nd = json_object_array_length(detectors);
    for (size_t d = 0; d < nd; d++) {
        json_object *det = json_object_array_get_idx(detectors, d);
        json_object *id = NULL, *pats = NULL, *flags = NULL;
        json_object_object_get_ex(det, "id", &id);
        json_object_object_get_ex(det, "patterns", &pats);
        int caseless = 0;
        if (json_object_object_get_ex(det, "flags", &flags)) {
            for (size_t f = 0; f < json_object_array_length(flags); f++) {
                if (!strcmp(json_object_get_string(json_object_array_get_idx(flags, f)), "caseless")) caseless = 1;
            }
        }
        for (size_t p = 0; pats && p < json_object_array_length(pats); p++) {
            json_object *pat = json_object_array_get_idx(pats, p);
            const char *text = json_object_get_string(pat);
            size_t tlen = (size_t)json_object_get_string_len(pat);
            uint32_t opts = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | PCRE2_NEVER_BACKSLASH_C | PCRE2_NO_UTF_CHECK |
                            PCRE2_USE_OFFSET_LIMIT;
            if (caseless) opts |= PCRE2_CASELESS;
            int errcode = 0;
            PCRE2_SIZE erroff = 0;
            pcre2_code *code = pcre2_compile((PCRE2_SPTR)text, tlen, opts, &errcode, &erroff, NULL);
            if (!code) {
                PCRE2_UCHAR msg[256];
                pcre2_get_error_message(errcode, msg, sizeof msg);
                fprintf(stderr, "naive_pcre2: %s: %s pattern %zu: %s at %zu\n", path, json_object_get_string(id), p,
                        (char *)msg, (size_t)erroff);
                exit(2);
            }
            if (pcre2_jit_compile(code, PCRE2_JIT_COMPLETE) != 0) jit_failed++;
            if (npatterns == cap_patterns) {
                cap_patterns = cap_patterns ? cap_patterns * 2 : 256;
                patterns = realloc(patterns, cap_patterns * sizeof *patterns);
            }
            pattern *pt = &patterns[npatterns++];
            memset(pt, 0, sizeof *pt);
            pt->code = code;
            pt->detector = strdup(json_object_get_string(id));
            pt->index = (int)p;
            pt->caseless = caseless;
        }
    }
    json_object_put(root);
}

/* One pass of one pattern over the whole subject, counting matches. Not static and not
 * inlined, so that `valgrind --tool=callgrind --toggle-collect=naive_pass` counts exactly
 * the matching work (benchmarks/profile.sh). */
__attribute__((noinline)) size_t naive_pass(const pcre2_code *code, PCRE2_SPTR subject, size_t len,
                                            pcre2_match_data *md, pcre2_match_context *mctx, size_t *limit_hits) {
    size_t from = 0, m = 0;
    while (from <= len) {
        int rc = pcre2_jit_match(code, subject, len, from, 0, md, mctx);
        if (rc < 0) {
            if (rc != PCRE2_ERROR_NOMATCH) (*limit_hits)++;
            break;
        }
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        m++;
        from = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
    }
    return m;
}

int main(int argc, char **argv) {
    int reps = 3, top = 10;
    size_t max_bytes = 0;
    const char *file = NULL;
    int first_pack = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--reps") && i + 1 < argc) reps = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--max-bytes") && i + 1 < argc) max_bytes = (size_t)atoll(argv[++i]);
        else if (!strcmp(argv[i], "--top") && i + 1 < argc) top = atoi(argv[++i]);
        else if (!file) file = argv[i];
        else {
            first_pack = i;
            break;
        }
    }
    if (!file || !first_pack || reps < 1) {
        fprintf(stderr, "usage: naive_pcre2 [--reps N] [--max-bytes N] [--top K] FILE PACK.json...\n");
        return 2;
    }
    for (int i = first_pack; i < argc; i++) add_pack(argv[i]);

    size_t len = 0;
    char *data = read_file(file, &len);
    if (max_bytes && len > max_bytes) {
        len = max_bytes;
        while (len > 0 && data[len - 1] != '\n') len--;
        if (len == 0) len = max_bytes;
    }

    pcre2_match_context *mctx = pcre2_match_context_create(NULL);
    pcre2_set_match_limit(mctx, 1000000);
    pcre2_set_depth_limit(mctx, 100000);
    pcre2_jit_stack *stack = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, NULL);
    pcre2_jit_stack_assign(mctx, NULL, stack);
    pcre2_match_data *md = pcre2_match_data_create(64, NULL);

    double *rep_secs = calloc((size_t)reps, sizeof *rep_secs);
    double *rep_wall = calloc((size_t)reps, sizeof *rep_wall);
    size_t total_matches = 0, limit_hits = 0;
    const PCRE2_SPTR subject = (PCRE2_SPTR)data;
    for (int r = 0; r < reps; r++) {
        size_t matches = 0;
        double w0 = now_s(), r0 = cpu_s();
        for (size_t p = 0; p < npatterns; p++) {
            pattern *pt = &patterns[p];
            double p0 = cpu_s();
            size_t m = naive_pass(pt->code, subject, len, md, mctx, &limit_hits);
            pt->secs = cpu_s() - p0;
            pt->total += pt->secs;
            pt->matches = m;
            matches += m;
        }
        rep_secs[r] = cpu_s() - r0;
        rep_wall[r] = now_s() - w0;
        total_matches = matches;
    }
    qsort(rep_secs, (size_t)reps, sizeof *rep_secs, cmp_double);
    qsort(rep_wall, (size_t)reps, sizeof *rep_wall, cmp_double);
    double med = reps % 2 ? rep_secs[reps / 2] : (rep_secs[reps / 2 - 1] + rep_secs[reps / 2]) / 2;
    double wall_med = reps % 2 ? rep_wall[reps / 2] : (rep_wall[reps / 2 - 1] + rep_wall[reps / 2]) / 2;
    double all = 0;
    for (size_t p = 0; p < npatterns; p++) all += patterns[p].total;

    printf("{\"mode\": \"naive_pcre2\", \"file\": ");
    json_string(file);
    printf(", \"bytes\": %zu, \"patterns\": %zu, \"jit_failed\": %zu, \"reps\": %d, \"clock\": \"cpu\", "
           "\"median_s\": %.6f, \"min_s\": %.6f, \"max_s\": %.6f, \"mb_per_s\": %.2f, \"wall_median_s\": %.6f, "
           "\"wall_mb_per_s\": %.2f, \"matches\": %zu, \"limit_hits\": %zu, \"slowest\": [",
           len, npatterns, jit_failed, reps, med, rep_secs[0], rep_secs[reps - 1],
           med > 0 ? (double)len / med / 1e6 : 0.0, wall_med, wall_med > 0 ? (double)len / wall_med / 1e6 : 0.0,
           total_matches, limit_hits);
    qsort(patterns, npatterns, sizeof *patterns, cmp_total_desc);
    for (int k = 0; k < top && (size_t)k < npatterns; k++) {
        pattern *pt = &patterns[k];
        printf("%s{\"detector\": ", k ? ", " : "");
        json_string(pt->detector);
        printf(", \"pattern\": %d, \"share\": %.4f, \"mb_per_s\": %.1f, \"matches\": %zu}", pt->index,
               all > 0 ? pt->total / all : 0.0, pt->total > 0 ? (double)len * reps / pt->total / 1e6 : 0.0,
               pt->matches);
    }
    printf("]}\n");

    for (size_t p = 0; p < npatterns; p++) {
        pcre2_code_free(patterns[p].code);
        free(patterns[p].detector);
    }
    free(patterns);
    free(rep_secs);
    free(rep_wall);
    pcre2_match_data_free(md);
    pcre2_jit_stack_free(stack);
    pcre2_match_context_free(mctx);
    free(data);
    return 0;
}
