/* The limits of classify.h through the C ABI, at L-1, L and L+1 (docs/limits.md): L-1 and
   L are accepted, L+1 gives the documented status with the limit's name in the message.
   The pack-structure limits are tested exhaustively at the loader level in
   Tests/RulePacksTests/LimitTests.swift; here each one is checked once more end to end
   (status code, message, JSON pointer), plus what only the ABI has: the pack size given
   to classify_ruleset_open_buffer/_file and classify_scan_options.max_findings. */
#define _POSIX_C_SOURCE 200809L
#include <classify.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"

static classify_open_options g_opts = CLASSIFY_OPEN_OPTIONS_INIT;

/* A growable string. */
typedef struct {
    char *p;
    size_t len, cap;
} str;

static void add(str *s, const char *t, size_t n) {
    if (s->len + n + 1 > s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 1024;
        while (cap < s->len + n + 1) cap *= 2;
        char *q = realloc(s->p, cap);
        if (!q) abort();
        s->p = q;
        s->cap = cap;
    }
    memcpy(s->p + s->len, t, n);
    s->len += n;
    s->p[s->len] = '\0';
}

static void adds(str *s, const char *t) { add(s, t, strlen(t)); }

static void addf(str *s, const char *fmt, int a) {
    char buf[256];
    int n = snprintf(buf, sizeof buf, fmt, a, a, a);
    add(s, buf, (size_t)n);
}

#define HEAD "{\"schema\":\"classify.pack/1\",\"id\":\"lim\",\"version\":\"1.0.0\""
#define DET_OPEN "{\"id\":\"d\",\"type\":\"EMPLOYEE_ID\",\"category\":\"pii\""
#define DET_TAIL ",\"examples\":{\"match\":[\"E-1234567\"]}}"

/* Opens `s` (which it frees) and returns the status; on failure checks the message names
   `name` and, when given, the error's JSON pointer. */
static int open_pack(str *s, const char *name, const char *pointer) {
    classify_ruleset *rs = NULL;
    classify_error *err = NULL;
    int rc = classify_ruleset_open_buffer(&rs, s->p, s->len, "limits.json", &g_opts, &err);
    if (rc != CLASSIFY_OK) {
        CHECK_CONTAINS(classify_error_message(err), name);
        if (pointer) CHECK_STR(classify_error_json_pointer(err), pointer);
        if (rc != CLASSIFY_E_LIMIT) fprintf(stderr, "  (%s)\n", classify_error_message(err));
    }
    CHECK((rc == CLASSIFY_OK) == (rs != NULL));
    classify_error_free(err);
    classify_ruleset_free(rs);
    free(s->p);
    memset(s, 0, sizeof *s);
    return rc;
}

/* Builds a pack for `n` with `make` and expects L-1, L: OK, L+1: CLASSIFY_E_LIMIT. */
static void boundary(const char *what, int limit, const char *name, const char *pointer, void (*make)(str *, int)) {
    for (int n = limit - 1; n <= limit + 1; n++) {
        str s = {0};
        make(&s, n);
        int rc = open_pack(&s, name, pointer);
        int want = n <= limit ? CLASSIFY_OK : CLASSIFY_E_LIMIT;
        check_count++;
        if (rc != want) {
            check_failures++;
            fprintf(stderr, "%s = %d: status %d, expected %d\n", what, n, rc, want);
        }
    }
}

static void make_patterns(str *s, int n) {
    adds(s, HEAD ",\"detectors\":[" DET_OPEN ",\"patterns\":[");
    for (int i = 0; i < n; i++) addf(s, i ? ",\"E-\\\\d{7}|z%d\"" : "\"E-\\\\d{7}|z%d\"", i);
    adds(s, "]" DET_TAIL "]}");
}

static void make_pattern_bytes(str *s, int n) {
    /* The pattern E-\d{7}| (8 bytes once decoded from JSON), then letters up to n bytes. */
    adds(s, HEAD ",\"detectors\":[" DET_OPEN ",\"patterns\":[\"E-\\\\d{7}|");
    for (int i = 8; i < n; i++) add(s, "q", 1);
    adds(s, "\"]" DET_TAIL "]}");
}

static void make_keywords(str *s, int n) {
    adds(s, HEAD ",\"detectors\":[" DET_OPEN ",\"patterns\":[\"E-\\\\d{7}\"],\"keywords\":[");
    for (int i = 0; i < n; i++) addf(s, i ? ",\"kw%d\"" : "\"kw%d\"", i);
    adds(s, "]" DET_TAIL "]}");
}

static void make_examples(str *s, int n) {
    adds(s, HEAD ",\"detectors\":[" DET_OPEN ",\"patterns\":[\"E-\\\\d{7}\"],\"examples\":{\"match\":[\"E-1234567\"]");
    adds(s, ",\"no_match\":[");
    for (int i = 1; i < n; i++) adds(s, i > 1 ? ",\"E-12\"" : "\"E-12\"");
    adds(s, "]}}]}");
}

static void make_policies(str *s, int n) {
    adds(s, HEAD ",\"detectors\":[" DET_OPEN ",\"patterns\":[\"E-\\\\d{7}\"]" DET_TAIL "],\"policies\":[");
    for (int i = 0; i < n; i++)
        addf(s, i ? ",{\"id\":\"p%d\",\"detectors\":[\"d\"],\"level\":\"internal\"}"
                  : "{\"id\":\"p%d\",\"detectors\":[\"d\"],\"level\":\"internal\"}", i);
    adds(s, "]}");
}

static void make_depth(str *s, int n) {
    adds(s, HEAD ",\"x-deep\":");
    for (int i = 1; i < n; i++) add(s, "[", 1);
    for (int i = 1; i < n; i++) add(s, "]", 1);
    adds(s, ",\"detectors\":[" DET_OPEN ",\"patterns\":[\"E-\\\\d{7}\"]" DET_TAIL "]}");
}

static void make_distance(str *s, int n) {
    adds(s, HEAD ",\"detectors\":[" DET_OPEN ",\"patterns\":[\"E-\\\\d{7}\"],\"keywords\":[\"employee\"]");
    addf(s, ",\"max_distance\":%d", n);
    adds(s, DET_TAIL "]}");
}

static void make_detectors(str *s, int n) {
    adds(s, HEAD ",\"detectors\":[");
    for (int i = 0; i < n; i++) {
        char buf[200];
        snprintf(buf, sizeof buf,
                 "%s{\"id\":\"d%d\",\"type\":\"T\",\"category\":\"pii\",\"patterns\":[\"\\\\bE%d-\\\\d{4}\\\\b\"],"
                 "\"examples\":{\"match\":[\"E%d-1234\"]}}",
                 i ? "," : "", i, i, i);
        adds(s, buf);
    }
    adds(s, "]}");
}

/* The pack size given to open_buffer and open_file: a valid pack padded with spaces. */
static void test_pack_bytes(void) {
    const char *base = HEAD ",\"detectors\":[" DET_OPEN ",\"patterns\":[\"E-\\\\d{7}\"]" DET_TAIL "]}";
    size_t limit = CLASSIFY_LIMIT_PACK_BYTES;
    char *buf = malloc(limit + 1);
    if (!buf) abort();
    memset(buf, ' ', limit + 1);
    memcpy(buf, base, strlen(base));
    char path[64];
    snprintf(path, sizeof path, "/tmp/classify-limits-%ld.json", (long)getpid());
    for (size_t n = limit - 1; n <= limit + 1; n++) {
        int want = n <= limit ? CLASSIFY_OK : CLASSIFY_E_LIMIT;
        classify_ruleset *rs = NULL;
        classify_error *err = NULL;
        CHECK_EQ_INT(classify_ruleset_open_buffer(&rs, buf, n, NULL, &g_opts, &err), want);
        if (want != CLASSIFY_OK) CHECK_CONTAINS(classify_error_message(err), "CLASSIFY_LIMIT_PACK_BYTES");
        classify_error_free(err);
        classify_ruleset_free(rs);

        FILE *f = fopen(path, "wb");
        CHECK(f != NULL);
        if (!f) continue;
        CHECK_EQ_INT(fwrite(buf, 1, n, f), n);
        fclose(f);
        rs = NULL;
        err = NULL;
        CHECK_EQ_INT(classify_ruleset_open_file(&rs, path, &g_opts, &err), want);
        if (want != CLASSIFY_OK) {
            CHECK_CONTAINS(classify_error_message(err), "CLASSIFY_LIMIT_PACK_BYTES");
            CHECK_CONTAINS(classify_error_message(err), path);
        }
        classify_error_free(err);
        classify_ruleset_free(rs);
    }
    unlink(path);
    /* A length far past the limit with a tiny buffer: refused before anything is read,
       also from 2^63 on (negative as a signed size; that used to trap). */
    classify_ruleset *rs = NULL;
    const size_t huge[] = {(size_t)-1 / 2, (size_t)-1 / 2 + 1, (size_t)-1};
    for (size_t i = 0; i < sizeof huge / sizeof huge[0]; i++) {
        classify_error *err = NULL;
        CHECK_EQ_INT(classify_ruleset_open_buffer(&rs, "{}", huge[i], NULL, &g_opts, &err), CLASSIFY_E_LIMIT);
        CHECK_CONTAINS(classify_error_message(err), "CLASSIFY_LIMIT_PACK_BYTES");
        classify_error_free(err);
    }
    free(buf);
}

/* max_findings: 0 is the default, 1..CLASSIFY_LIMIT_MAX_FINDINGS are accepted, more is
   CLASSIFY_E_INVALID (an option out of range). With N findings in the text, max_findings
   N-1 keeps N-1 and is incomplete, N and N+1 keep N and are complete. */
static void test_max_findings(void) {
    classify_ruleset *rs = NULL;
    CHECK_EQ_INT(classify_ruleset_open_builtin(&rs, "core", &g_opts, NULL), CLASSIFY_OK);
    classify_scanner *sc = NULL;
    CHECK_EQ_INT(classify_scanner_new(&sc), CLASSIFY_OK);
    const char *text = "mail a@example.com, b@example.com, c@example.com";
    classify_scan_options o = CLASSIFY_SCAN_OPTIONS_INIT;
    CHECK_EQ_INT(classify_scanner_scan(sc, rs, text, strlen(text), &o), CLASSIFY_OK);
    size_t n = classify_scanner_finding_count(sc);
    CHECK_EQ_INT(n, 3);
    for (uint32_t m = (uint32_t)n - 1; m <= (uint32_t)n + 1; m++) {
        o.max_findings = m;
        int want = m < n ? CLASSIFY_INCOMPLETE : CLASSIFY_OK;
        CHECK_EQ_INT(classify_scanner_scan(sc, rs, text, strlen(text), &o), want);
        CHECK_EQ_INT(classify_scanner_finding_count(sc), m < n ? m : n);
        classify_decision d = CLASSIFY_DECISION_INIT;
        CHECK_EQ_INT(classify_scanner_decision(sc, &d), CLASSIFY_OK);
        CHECK_EQ_INT(d.incomplete, m < n ? CLASSIFY_INCOMPLETE_MAX_FINDINGS : 0u);
        /* The dropped e-mail's detector is named as affected, only when incomplete. */
        uint32_t affected[4] = {0xFFFFFFFFu, 0xFFFFFFFFu, 0xFFFFFFFFu, 0xFFFFFFFFu};
        size_t k = classify_scanner_incomplete_detectors(sc, affected, 4);
        CHECK_EQ_INT(k, m < n ? 1 : 0);
        CHECK_EQ_INT(classify_scanner_incomplete_detectors(sc, NULL, 0), k);
        if (k == 1) {
            classify_detector_info info = CLASSIFY_DETECTOR_INFO_INIT;
            CHECK_EQ_INT(classify_ruleset_detector(rs, affected[0], &info), CLASSIFY_OK);
            CHECK(strcmp(info.id, "email_address") == 0);
            CHECK_EQ_INT(affected[1], 0xFFFFFFFFu); /* nothing written past the count */
            CHECK_EQ_INT(classify_scanner_incomplete_detectors(sc, affected, (size_t)-1), 1);
        }
    }
    CHECK_EQ_INT(classify_scanner_incomplete_detectors(NULL, NULL, 0), 0);
    const uint32_t hard[] = {CLASSIFY_LIMIT_MAX_FINDINGS - 1, CLASSIFY_LIMIT_MAX_FINDINGS,
                             CLASSIFY_LIMIT_MAX_FINDINGS + 1, 0xFFFFFFFFu};
    for (size_t i = 0; i < sizeof hard / sizeof hard[0]; i++) {
        o.max_findings = hard[i];
        int want = hard[i] <= CLASSIFY_LIMIT_MAX_FINDINGS ? CLASSIFY_OK : CLASSIFY_E_INVALID;
        CHECK_EQ_INT(classify_scanner_scan(sc, rs, text, strlen(text), &o), want);
        CHECK_EQ_INT(classify_scanner_finding_count(sc), want == CLASSIFY_OK ? n : 0);
    }
    CHECK(CLASSIFY_DEFAULT_MAX_FINDINGS <= CLASSIFY_LIMIT_MAX_FINDINGS);
    classify_scanner_free(sc);
    classify_ruleset_free(rs);
}

int main(int argc, char **argv) {
    const char *no_jit = getenv("CLASSIFY_TEST_NO_JIT");
    if (no_jit && strcmp(no_jit, "1") == 0) g_opts.flags |= CLASSIFY_OPEN_NO_JIT;
    /* "quick" (valgrind) leaves out the largest packs: 4096 detectors and policies. */
    int quick = argc > 1 && strcmp(argv[1], "quick") == 0;

    test_pack_bytes();
    test_max_findings();
    boundary("patterns per detector", CLASSIFY_LIMIT_PATTERNS_PER_DETECTOR, "CLASSIFY_LIMIT_PATTERNS_PER_DETECTOR",
             "/detectors/0/patterns", make_patterns);
    boundary("pattern bytes", CLASSIFY_LIMIT_PATTERN_BYTES, "CLASSIFY_LIMIT_PATTERN_BYTES", "/detectors/0/patterns/0",
             make_pattern_bytes);
    boundary("keywords", CLASSIFY_LIMIT_KEYWORDS_PER_DETECTOR, "CLASSIFY_LIMIT_KEYWORDS_PER_DETECTOR",
             "/detectors/0/keywords", make_keywords);
    boundary("examples", CLASSIFY_LIMIT_EXAMPLES_PER_DETECTOR, "CLASSIFY_LIMIT_EXAMPLES_PER_DETECTOR",
             "/detectors/0/examples", make_examples);
    boundary("JSON depth", CLASSIFY_LIMIT_JSON_DEPTH, "CLASSIFY_LIMIT_JSON_DEPTH", "", make_depth);
    boundary("keyword distance", CLASSIFY_LIMIT_KEYWORD_DISTANCE, "CLASSIFY_LIMIT_KEYWORD_DISTANCE",
             "/detectors/0/max_distance", make_distance);
    if (!quick) {
        boundary("policies", CLASSIFY_LIMIT_POLICIES, "CLASSIFY_LIMIT_POLICIES", "/policies", make_policies);
        boundary("detectors", CLASSIFY_LIMIT_DETECTORS, "CLASSIFY_LIMIT_DETECTORS", "/detectors", make_detectors);
        printf("limits_test: a pack of %u detectors (the limit) compiled and its examples checked\n",
               CLASSIFY_LIMIT_DETECTORS);
    }
    return check_report("limits_test");
}
