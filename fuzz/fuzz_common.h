/* Shared helpers of the libFuzzer targets in fuzz/ (see fuzz/README.md).

   Every target is plain C against include/classify.h only, so the same source builds
   (a) as a libFuzzer binary against the coverage-instrumented library in .build-fuzz and
   (b) as a plain replay program against build/lib/libclassify.so (fuzz/replay_main.c),
   which `make test-fuzz-regressions` runs over tests/fuzz-regressions/.

   A harness reports a bug by aborting (fz_fail): libFuzzer and the replay program both
   treat that as a crash and keep the input. */
#ifndef CLASSIFY_FUZZ_COMMON_H
#define CLASSIFY_FUZZ_COMMON_H

#include <classify.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#if defined(__GNUC__) || defined(__clang__)
#define FZ_NORETURN __attribute__((noreturn))
#define FZ_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define FZ_NORETURN
#define FZ_PRINTF(a, b)
#endif

/* A broken invariant: print it and abort, so that the input is kept as a crash. */
static inline FZ_NORETURN FZ_PRINTF(1, 2) void fz_fail(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fputs("classify fuzz: invariant broken: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    abort();
}

#define FZ_CHECK(cond, ...)                                                                \
    do {                                                                                   \
        if (!(cond)) fz_fail(__VA_ARGS__);                                                 \
    } while (0)

/* The status codes classify.h documents (anything else is a bug). */
static inline int fz_is_documented_status(int rc) {
    switch (rc) {
    case CLASSIFY_OK: case CLASSIFY_DONE: case CLASSIFY_INCOMPLETE:
    case CLASSIFY_E_INVALID: case CLASSIFY_E_NOMEM: case CLASSIFY_E_IO: case CLASSIFY_E_PACK:
    case CLASSIFY_E_PATTERN: case CLASSIFY_E_VERSION: case CLASSIFY_E_LIMIT: case CLASSIFY_E_BUSY:
        return 1;
    default:
        return 0;
    }
}

/* Checks an error object returned by a failed open: status matches, every accessor works
   and the message is a non-empty, NUL-terminated line. */
static inline void fz_check_error(const classify_error *err, int rc) {
    FZ_CHECK(err != NULL, "open failed with %d but gave no error object", rc);
    FZ_CHECK(classify_error_status(err) == rc, "error status %d != returned status %d",
             classify_error_status(err), rc);
    const char *msg = classify_error_message(err);
    FZ_CHECK(msg != NULL && msg[0] != '\0', "empty error message for status %d", rc);
    for (const char *c = msg; *c; c++)
        FZ_CHECK((unsigned char)*c >= 0x20 && *c != 0x7f, "error message has control byte 0x%02x (not one line): %s",
                 (unsigned char)*c, msg);
    const char *s = classify_error_pack(err);
    if (s) (void)strlen(s);
    s = classify_error_json_pointer(err);
    if (s) FZ_CHECK(s[0] == '\0' || s[0] == '/', "JSON pointer does not start with '/': %s", s);
    s = classify_error_detector(err);
    if (s) (void)strlen(s);
    (void)classify_error_line(err);
    (void)classify_error_column(err);
    int64_t off = classify_error_offset(err);
    FZ_CHECK(off >= -1, "negative pattern offset %lld", (long long)off);
}

/* Checks the result a scanner holds after a scan of `len` bytes that returned `rc`:
   offsets inside the input and ordered, strings present, decision consistent, and the
   result JSON well formed. Returns the number of findings. */
static inline size_t fz_check_result(classify_scanner *sc, const classify_ruleset *rs, size_t len, int rc) {
    FZ_CHECK(rc == CLASSIFY_OK || rc == CLASSIFY_INCOMPLETE, "scan returned %d", rc);
    size_t n = classify_scanner_finding_count(sc);
    size_t ndet = classify_ruleset_detector_count(rs);
    uint64_t prev_start = 0, prev_end = 0;
    for (size_t i = 0; i < n; i++) {
        classify_finding f = CLASSIFY_FINDING_INIT;
        FZ_CHECK(classify_scanner_finding(sc, i, &f) == CLASSIFY_OK, "finding %zu of %zu missing", i, n);
        FZ_CHECK(f.start < f.end && f.end <= len, "finding %zu [%llu,%llu) outside [0,%zu)", i,
                 (unsigned long long)f.start, (unsigned long long)f.end, len);
        FZ_CHECK(i == 0 || f.start > prev_start || (f.start == prev_start && f.end >= prev_end),
                 "findings out of order at %zu", i);
        FZ_CHECK(f.detector && f.type && f.category && f.level, "finding %zu lacks a string", i);
        FZ_CHECK(f.detector_index < ndet, "finding %zu detector_index %u >= %zu", i, f.detector_index, ndet);
        FZ_CHECK(f.confidence >= 0.0 && f.confidence <= 1.0, "finding %zu confidence %f", i, f.confidence);
        FZ_CHECK(f.field == NULL, "finding %zu of a scan names a field", i);
        prev_start = f.start;
        prev_end = f.end;
    }
    classify_finding f = CLASSIFY_FINDING_INIT;
    FZ_CHECK(classify_scanner_finding(sc, n, &f) == CLASSIFY_DONE, "finding past the end is not DONE");
    classify_decision d = CLASSIFY_DECISION_INIT;
    FZ_CHECK(classify_scanner_decision(sc, &d) == CLASSIFY_OK, "no decision after a scan");
    FZ_CHECK(d.finding_count == n, "decision counts %zu findings, scanner %zu", d.finding_count, n);
    FZ_CHECK((d.incomplete != 0) == (rc == CLASSIFY_INCOMPLETE), "incomplete bits 0x%x with status %d",
             d.incomplete, rc);
    FZ_CHECK(d.level != NULL && d.pack_id && d.pack_version && d.pack_digest, "decision lacks a string");
    for (size_t i = 0; i < d.framework_count; i++)
        FZ_CHECK(d.frameworks && d.frameworks[i], "framework %zu is NULL", i);
    const char *json = NULL;
    size_t json_len = 0;
    FZ_CHECK(classify_scanner_result_json(sc, &json, &json_len) == CLASSIFY_OK, "no result JSON");
    FZ_CHECK(json != NULL && strlen(json) == json_len, "result JSON length mismatch");
    FZ_CHECK(json_len >= 2 && json[0] == '{' && json[json_len - 1] == '}', "result JSON is not an object");
    return n;
}

/* --- No leak: finding bytes must not appear in JSON the library makes ---------------- */

/* Blanks the string values of `key` (e.g. "\"id\":\"") in a NUL-terminated copy of a JSON
   document: fields that legitimately hold pack text (ids, digest, types, the keyword that
   raised a confidence) or caller text (field names), so that a finding equal to one of
   them is not taken for a leak. */
static inline void fz_blank_field(char *json, const char *key) {
    size_t klen = strlen(key);
    for (char *p = strstr(json, key); p; p = strstr(p, key)) {
        p += klen;
        while (*p && *p != '"') {
            if (*p == '\\' && p[1]) *p++ = ' ';
            *p++ = ' ';
        }
    }
}

/* Blanks the contents of the arrays `key` (e.g. "\"frameworks\":["): lists of pack text. */
static inline void fz_blank_array(char *json, const char *key) {
    size_t klen = strlen(key);
    for (char *p = strstr(json, key); p; p = strstr(p, key)) {
        p += klen;
        while (*p && *p != ']') *p++ = ' ';
    }
}

/* A malloc'ed copy of `json` with every field that holds pack text or caller labels
   blanked (results, summaries, profiles). Free it with free(). */
static inline char *fz_blanked_json(const char *json, size_t len) {
    char *copy = malloc(len + 1);
    if (!copy) abort();
    memcpy(copy, json, len);
    copy[len] = '\0';
    static const char *const keys[] = {
        "\"digest\":\"", "\"id\":\"", "\"version\":\"", "\"keyword\":\"", "\"detector\":\"",
        "\"type\":\"", "\"schema\":\"", "\"category\":\"", "\"level\":\"", "\"validator\":\"",
        "\"as_of\":\"", "\"field\":\"", "\"name\":\"", "\"source\":\"",
    };
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) fz_blank_field(copy, keys[i]);
    fz_blank_array(copy, "\"frameworks\":[");
    fz_blank_array(copy, "\"predicted\":[");
    fz_blank_array(copy, "\"detectors\":[");
    fz_blank_array(copy, "\"incomplete_reasons\":[");
    return copy;
}

/* Whether `n` bytes at `v` occur in `hay` of `len` bytes. Not instrumented for coverage:
   libFuzzer must not learn the JSON text from these comparisons and steer inputs to it. */
#if defined(__clang__)
__attribute__((no_sanitize("coverage")))
#endif
static inline int fz_contains(const char *hay, size_t len, const uint8_t *v, size_t n) {
    if (n == 0 || n > len) return n == 0;
    for (size_t j = 0; j + n <= len; j++) {
        size_t k = 0;
        while (k < n && (uint8_t)hay[j + k] == v[k]) k++;
        if (k == n) return 1;
    }
    return 0;
}

/* A growable byte buffer (for building packs). */
typedef struct {
    char *p;
    size_t len, cap;
} fz_buf;

static inline void fz_put(fz_buf *b, const void *s, size_t n) {
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1) cap *= 2;
        char *q = realloc(b->p, cap);
        if (!q) abort();
        b->p = q;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static inline void fz_puts(fz_buf *b, const char *s) { fz_put(b, s, strlen(s)); }

/* Appends bytes as the body of a JSON string: quotes, backslashes and control bytes are
   escaped, and bytes >= 0x80 become \u00XX, so any bytes give valid JSON and valid UTF-8
   (a byte maps to the code point of the same value). */
static inline void fz_put_json_string(fz_buf *b, const uint8_t *s, size_t n) {
    fz_put(b, "\"", 1);
    for (size_t i = 0; i < n; i++) {
        uint8_t c = s[i];
        char esc[8];
        if (c == '"' || c == '\\') {
            esc[0] = '\\';
            esc[1] = (char)c;
            fz_put(b, esc, 2);
        } else if (c < 0x20 || c >= 0x7f) {
            snprintf(esc, sizeof esc, "\\u%04x", c);
            fz_put(b, esc, 6);
        } else {
            fz_put(b, &c, 1);
        }
    }
    fz_put(b, "\"", 1);
}

#endif
