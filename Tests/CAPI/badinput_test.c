/* Bad input through the C ABI: malformed UTF-8 of every kind, NUL bytes, empty input,
   CRLF and CR-only text, binary data and a single line of 100 MiB. All of it is ordinary
   input (classify.h, "Offsets and text"): every scan must succeed, and entities planted
   around the bad bytes (an email, a card, an IBAN) must be found at their exact byte
   offsets, with the bytes at [start, end) being the planted value.

   Run plain, under ASan+UBSan and under valgrind by Tests/CAPI/Makefile. Environment:
     CLASSIFY_TEST_NO_JIT=1         compile patterns for the interpreter (valgrind)
     CLASSIFY_BADINPUT_BIG_MIB=N    size of the single-line input (default 100)
     CLASSIFY_BADINPUT_BIG_SECONDS  the most CPU seconds that scan may take (default 30) */
#define _POSIX_C_SOURCE 199309L
#include <classify.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"

static classify_open_options g_opts = CLASSIFY_OPEN_OPTIONS_INIT;
static classify_ruleset *g_rs;
static classify_scanner *g_sc;

/* The entities planted in every input, each with a word before it that a detector may
   use as context. The values pass their validators (Luhn, mod-97). */
typedef struct {
    const char *context;
    const char *value;
    const char *type;
} plant;

static const plant plants[] = {
    {"mail ", "jane.doe@example.com", "EMAIL_ADDRESS"},
    {"card ", "4111 1111 1111 1111", "CREDIT_CARD"},
    {"IBAN ", "DE89 3704 0044 0532 0130 00", "IBAN_CODE"},
};
#define NPLANTS (sizeof plants / sizeof plants[0])

/* A byte buffer that remembers where the planted values went. */
typedef struct {
    unsigned char *p;
    size_t len, cap;
    struct { size_t start, len; const char *type, *value; } at[64];
    size_t nat;
} text;

static void put(text *t, const void *s, size_t n) {
    if (t->len + n > t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 256;
        while (cap < t->len + n) cap *= 2;
        unsigned char *q = realloc(t->p, cap);
        if (!q) abort();
        t->p = q;
        t->cap = cap;
    }
    if (n) memcpy(t->p + t->len, s, n);
    t->len += n;
}

static void put_plant(text *t, const plant *p, int with_context) {
    if (with_context) put(t, p->context, strlen(p->context));
    if (t->nat < sizeof t->at / sizeof t->at[0]) {
        t->at[t->nat].start = t->len;
        t->at[t->nat].len = strlen(p->value);
        t->at[t->nat].type = p->type;
        t->at[t->nat].value = p->value;
        t->nat++;
    }
    put(t, p->value, strlen(p->value));
}

/* Scans t and checks: status OK, every finding inside the input, and every planted value
   found exactly once at its offsets with its type. `what` names the case in messages. */
static void expect_planted(const text *t, const char *what) {
    int rc = classify_scanner_scan(g_sc, g_rs, t->p, t->len, NULL);
    check_count++;
    if (rc != CLASSIFY_OK) {
        check_failures++;
        fprintf(stderr, "%s: scan returned %d (%s)\n", what, rc, classify_status_string(rc));
        return;
    }
    size_t n = classify_scanner_finding_count(g_sc);
    for (size_t i = 0; i < n; i++) {
        classify_finding f = CLASSIFY_FINDING_INIT;
        CHECK_EQ_INT(classify_scanner_finding(g_sc, i, &f), CLASSIFY_OK);
        CHECK(f.start < f.end && f.end <= t->len);
    }
    for (size_t k = 0; k < t->nat; k++) {
        int found = 0;
        for (size_t i = 0; i < n; i++) {
            classify_finding f = CLASSIFY_FINDING_INIT;
            classify_scanner_finding(g_sc, i, &f);
            if (f.start == t->at[k].start && f.end == t->at[k].start + t->at[k].len && strcmp(f.type, t->at[k].type) == 0)
                found++;
        }
        check_count++;
        if (found != 1 || memcmp(t->p + t->at[k].start, t->at[k].value, t->at[k].len) != 0) {
            check_failures++;
            fprintf(stderr, "%s: %s \"%s\" at [%zu, %zu) found %d times; findings:\n", what, t->at[k].type,
                    t->at[k].value, t->at[k].start, t->at[k].start + t->at[k].len, found);
            for (size_t i = 0; i < n; i++) {
                classify_finding f = CLASSIFY_FINDING_INIT;
                classify_scanner_finding(g_sc, i, &f);
                fprintf(stderr, "    %s [%llu, %llu)\n", f.type, (unsigned long long)f.start,
                        (unsigned long long)f.end);
            }
        }
    }
}

/* Malformed UTF-8 of every kind (and a few valid but unusual sequences). */
typedef struct {
    const char *name;
    const char *bytes;
    size_t len;
    int word; /* valid text that joins a neighbouring word: not tried right against a value */
} seq;
#define SEQ(name, lit) {name, lit, sizeof lit - 1, 0}

static const seq bad[] = {
    SEQ("overlong 2-byte '/'", "\xc0\xaf"),
    SEQ("overlong 2-byte NUL", "\xc0\x80"),
    SEQ("overlong 3-byte '/'", "\xe0\x80\xaf"),
    SEQ("overlong 4-byte '/'", "\xf0\x80\x80\xaf"),
    SEQ("overlong 3-byte U+07FF", "\xe0\x9f\xbf"),
    SEQ("surrogate U+D800", "\xed\xa0\x80"),
    SEQ("surrogate U+DFFF", "\xed\xbf\xbf"),
    SEQ("surrogate pair (CESU-8)", "\xed\xa0\xbd\xed\xb8\x80"),
    SEQ("U+110000", "\xf4\x90\x80\x80"),
    SEQ("0xF7 BF BF BF", "\xf7\xbf\xbf\xbf"),
    SEQ("5-byte form", "\xf8\x88\x80\x80\x80"),
    SEQ("6-byte form", "\xfc\x84\x80\x80\x80\x80"),
    SEQ("truncated 2-byte", "\xc3"),
    SEQ("truncated 3-byte (1 of 2)", "\xe2"),
    SEQ("truncated 3-byte (2 of 3)", "\xe2\x82"),
    SEQ("truncated 4-byte (3 of 4)", "\xf0\x9f\x98"),
    SEQ("truncated 4-byte (2 of 4)", "\xf0\x9f"),
    SEQ("lone continuation 0x80", "\x80"),
    SEQ("lone continuation 0xBF", "\xbf"),
    SEQ("continuation run", "\x80\x81\x82\x83\xbf"),
    SEQ("0xFE", "\xfe"),
    SEQ("0xFF", "\xff"),
    SEQ("0xFE 0xFF (UTF-16 BOM bytes)", "\xfe\xff"),
    SEQ("NUL", "\x00"),
    SEQ("NUL run", "\x00\x00\x00\x00"),
    SEQ("UTF-8 BOM", "\xef\xbb\xbf"),
    SEQ("CR", "\r"),
    SEQ("CRLF", "\r\n"),
    SEQ("LF CR", "\n\r"),
    SEQ("noncharacter U+FFFF", "\xef\xbf\xbf"),
    SEQ("emoji (valid)", "\xf0\x9f\x98\x80"),
    {"combining mark (valid)", "e\xcc\x81", 3, 1},
};
#define NBAD (sizeof bad / sizeof bad[0])

static void test_malformed_utf8(void) {
    char what[160];
    for (size_t i = 0; i < NBAD; i++) {
        const seq *b = &bad[i];
        /* 1. The bad bytes between words: "B mail E B card C B IBAN I B". */
        text t = {0};
        put(&t, b->bytes, b->len);
        for (size_t k = 0; k < NPLANTS; k++) {
            put(&t, " ", 1);
            put_plant(&t, &plants[k], 1);
            put(&t, " ", 1);
            put(&t, b->bytes, b->len);
        }
        snprintf(what, sizeof what, "between words: %s", b->name);
        expect_planted(&t, what);
        free(t.p);

        /* 2. The bad bytes right against the values: "mail BEB card BCB IBAN BIB". */
        memset(&t, 0, sizeof t);
        if (b->word) continue;
        for (size_t k = 0; k < NPLANTS; k++) {
            put(&t, plants[k].context, strlen(plants[k].context));
            put(&t, b->bytes, b->len);
            put_plant(&t, &plants[k], 0);
            put(&t, b->bytes, b->len);
            put(&t, " ", 1);
        }
        snprintf(what, sizeof what, "adjacent: %s", b->name);
        expect_planted(&t, what);
        free(t.p);

        /* 3. The bad bytes alone, repeated: no error, no finding. */
        memset(&t, 0, sizeof t);
        for (int r = 0; r < 64; r++) put(&t, b->bytes, b->len);
        CHECK_EQ_INT(classify_scanner_scan(g_sc, g_rs, t.p, t.len, NULL), CLASSIFY_OK);
        free(t.p);
    }
}

/* Every single byte, empty input (NULL or not), and all 2-byte inputs starting with a
   byte that opens a multi-byte sequence. */
static void test_tiny_inputs(void) {
    CHECK_EQ_INT(classify_scanner_scan(g_sc, g_rs, NULL, 0, NULL), CLASSIFY_OK);
    CHECK_EQ_INT(classify_scanner_finding_count(g_sc), 0);
    CHECK_EQ_INT(classify_scanner_scan(g_sc, g_rs, "", 0, NULL), CLASSIFY_OK);
    CHECK_EQ_INT(classify_scanner_finding_count(g_sc), 0);
    classify_decision d = CLASSIFY_DECISION_INIT;
    CHECK_EQ_INT(classify_scanner_decision(g_sc, &d), CLASSIFY_OK);
    CHECK_EQ_INT(d.finding_count, 0);
    CHECK_EQ_INT(d.level_rank, 0);
    int bad_status = 0;
    for (int b = 0; b < 256; b++) {
        unsigned char one = (unsigned char)b;
        if (classify_scanner_scan(g_sc, g_rs, &one, 1, NULL) != CLASSIFY_OK) bad_status++;
        for (int c = 0x80; c < 0x100; c += 0x11) {
            unsigned char two[2] = {(unsigned char)b, (unsigned char)c};
            if (classify_scanner_scan(g_sc, g_rs, two, 2, NULL) != CLASSIFY_OK) bad_status++;
        }
    }
    CHECK_EQ_INT(bad_status, 0);
}

/* NUL bytes: the ABI is pointer + length, so values after (and between) NULs count. */
static void test_nul_bytes(void) {
    text t = {0};
    put(&t, "\0\0\0", 3);
    for (size_t k = 0; k < NPLANTS; k++) {
        put_plant(&t, &plants[k], 1);
        put(&t, "\0", 1);
    }
    put(&t, "\0", 1);
    expect_planted(&t, "NUL-separated");
    free(t.p);
}

/* Line endings: LF, CRLF, CR only and a mix; the values must not depend on them. */
static void test_line_endings(void) {
    const char *endings[] = {"\n", "\r\n", "\r", "\n\r", "\r\r\n"};
    const char *names[] = {"LF", "CRLF", "CR", "LF CR", "CR CR LF"};
    char what[64];
    for (size_t e = 0; e < sizeof endings / sizeof endings[0]; e++) {
        text t = {0};
        for (int line = 0; line < 3; line++) {
            put(&t, "header line", 11);
            put(&t, endings[e], strlen(endings[e]));
        }
        for (size_t k = 0; k < NPLANTS; k++) {
            put_plant(&t, &plants[k], 1);
            put(&t, endings[e], strlen(endings[e]));
            put(&t, endings[e], strlen(endings[e]));
        }
        snprintf(what, sizeof what, "line endings %s", names[e]);
        expect_planted(&t, what);
        free(t.p);
    }
}

/* Binary data: pseudo-random bytes with the values planted between spaces. */
static void test_binary(void) {
    uint32_t x = 2463534242u;
    for (int round = 0; round < 8; round++) {
        text t = {0};
        for (size_t k = 0; k < NPLANTS; k++) {
            for (int i = 0; i < 1500; i++) {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                unsigned char c = (unsigned char)(x >> (round % 4 * 8));
                put(&t, &c, 1);
            }
            put(&t, " \n ", 3);
            put_plant(&t, &plants[k], 1);
            put(&t, " \n ", 3);
        }
        char what[32];
        snprintf(what, sizeof what, "binary round %d", round);
        expect_planted(&t, what);
        free(t.p);
    }
}

static double seconds_since(clockid_t clock, const struct timespec *t0) {
    struct timespec t1;
    clock_gettime(clock, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* One line of N MiB (no newline at all) of prose-like text with the values planted at the
   start, in the middle and at the end; the scan must take seconds, not minutes. The limit
   applies to the CPU time of the process (the wall time on a shared, loaded machine says
   little); both are printed. */
static void test_big_line(size_t mib, double limit) {
    size_t n = mib * 1024 * 1024;
    text t = {0};
    t.p = malloc(n + 256);
    if (!t.p) {
        fprintf(stderr, "cannot allocate %zu MiB\n", mib);
        check_failures++;
        return;
    }
    t.cap = n + 256;
    static const char filler[] = "lorem ipsum dolor sit amet, consectetur adipiscing elit; sed do eiusmod tempor ";
    put_plant(&t, &plants[0], 1);
    put(&t, " ", 1);
    while (t.len + sizeof filler < n / 2) put(&t, filler, sizeof filler - 1);
    put_plant(&t, &plants[1], 1);
    put(&t, " ", 1);
    while (t.len + sizeof filler + 64 < n) put(&t, filler, sizeof filler - 1);
    put_plant(&t, &plants[2], 1);
    while (t.len < n) put(&t, " ", 1);
    CHECK(memchr(t.p, '\n', t.len) == NULL);

    struct timespec w0, c0;
    clock_gettime(CLOCK_MONOTONIC, &w0);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
    char what[64];
    snprintf(what, sizeof what, "one line of %zu MiB", mib);
    expect_planted(&t, what);
    double cpu = seconds_since(CLOCK_PROCESS_CPUTIME_ID, &c0);
    double wall = seconds_since(CLOCK_MONOTONIC, &w0);
    printf("badinput_test: one line of %zu MiB (prose) scanned in %.2f s CPU, %.2f s wall (%.1f MiB/s CPU), "
           "%zu findings\n", mib, cpu, wall, (double)mib / cpu, classify_scanner_finding_count(g_sc));
    check_count++;
    if (cpu > limit) {
        check_failures++;
        fprintf(stderr, "one line of %zu MiB took %.2f s of CPU, more than %.0f s\n", mib, cpu, limit);
    }
    free(t.p);
}

int main(void) {
    const char *no_jit = getenv("CLASSIFY_TEST_NO_JIT");
    if (no_jit && strcmp(no_jit, "1") == 0) g_opts.flags |= CLASSIFY_OPEN_NO_JIT;
    const char *big = getenv("CLASSIFY_BADINPUT_BIG_MIB");
    const char *limit = getenv("CLASSIFY_BADINPUT_BIG_SECONDS");
    size_t mib = big && atoi(big) > 0 ? (size_t)atoi(big) : 100;
    double seconds = limit && atof(limit) > 0 ? atof(limit) : 30.0;

    classify_error *err = NULL;
    if (classify_ruleset_open_builtin(&g_rs, NULL, &g_opts, &err) != CLASSIFY_OK) {
        fprintf(stderr, "cannot open the default ruleset: %s\n", classify_error_message(err));
        classify_error_free(err);
        return 1;
    }
    if (classify_scanner_new(&g_sc) != CLASSIFY_OK) return 1;
    test_tiny_inputs();
    test_malformed_utf8();
    test_nul_bytes();
    test_line_endings();
    test_binary();
    test_big_line(mib, seconds);
    classify_scanner_free(g_sc);
    classify_ruleset_free(g_rs);
    return check_report("badinput_test");
}
