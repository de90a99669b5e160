/* SPDX-License-Identifier: Apache-2.0
 *
 * alloc_test.c - a scan in steady state allocates nothing.
 *
 * Run with the counting shim preloaded (benchmarks/malloc_count.c, built by the Makefile):
 *
 *   LD_PRELOAD=.../malloc_count.so alloc_test ROOT
 *
 * For each input (the repository's examples and generated prose, logs, CSV and 200-byte
 * records with planted values of many kinds), the input is scanned a few times to warm the
 * scanner's scratch lists up, then scanned again and again with the decision and every
 * finding read: the shim's counter must not move. Without the shim the test says so and
 * fails, so that a broken preload cannot pass unnoticed.
 */
#define _GNU_SOURCE
#include <classify.h>
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef unsigned long long (*counter_fn)(void);

static int failures;

/* A tiny deterministic generator (splitmix64), so that every run sees the same bytes. */
static unsigned long long rng_state = 42;
static unsigned long long next_random(void) {
    unsigned long long z = (rng_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}
static const char *pick(const char *const *list, size_t n) { return list[next_random() % n]; }

typedef struct {
    char *bytes;
    size_t len, cap;
} text;

static void add(text *t, const char *s) {
    size_t n = strlen(s);
    if (t->len + n + 1 > t->cap) {
        t->cap = (t->len + n + 1) * 2;
        t->bytes = realloc(t->bytes, t->cap);
        if (!t->bytes) {
            perror("realloc");
            exit(2);
        }
    }
    memcpy(t->bytes + t->len, s, n + 1);
    t->len += n;
}

/* Values that wake many detectors: valid and invalid check digits, keywords near and far. */
static const char *const values[] = {
    "card 4111 1111 1111 1111",  "4111111111111112",           "SSN: 078-05-1120",
    "ssn 123-45-6789",           "jane.doe@example.com",       "IBAN DE89 3704 0044 0532 0130 00",
    "GB82 WEST 1234 5698 7654 32", "10.0.0.1",                 "2001:db8::1",
    "+1 (415) 555-0100",         "DOB 1984-07-12",             "NINO QQ 12 34 56 C",
    "RUT 12.345.678-5",          "AKIAIOSFODNN7EXAMPLE",       "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",
    "passport X1234567",         "tax id 12-3456789",          "SIN 046 454 286",
    "NIT 900.123.456-7",         "NIF 123456789",              "00:1A:2B:3C:4D:5E",
    "password=hunter2hunter2",   "account number 12345678",    "medicare 2123 45670 1",
};
static const char *const words[] = {"the", "customer", "called", "about", "an", "order", "shipped",
                                    "yesterday", "and", "asked", "for", "a", "refund", "of",
                                    "their", "payment", "number", "record", "support", "team"};

static text prose(size_t bytes) {
    text t = {0};
    while (t.len < bytes) {
        for (int w = 0; w < 60; w++) {
            add(&t, pick(words, sizeof words / sizeof *words));
            add(&t, w % 12 == 11 ? ". " : " ");
        }
        add(&t, pick(values, sizeof values / sizeof *values));
        add(&t, ".\n");
    }
    return t;
}

static text logs(size_t bytes) {
    text t = {0};
    char line[256];
    for (unsigned i = 0; t.len < bytes; i++) {
        snprintf(line, sizeof line, "2026-11-%02u 12:%02u:%02u INFO req=%08x user=%u msg=\"", i % 28 + 1, i % 60,
                 (i * 7) % 60, (unsigned)next_random(), i * 31);
        add(&t, line);
        add(&t, pick(values, sizeof values / sizeof *values));
        add(&t, "\"\n");
    }
    return t;
}

static text csv(size_t bytes) {
    text t = {0};
    char line[256];
    add(&t, "id,name,email,ssn,card,note\n");
    for (unsigned i = 0; t.len < bytes; i++) {
        snprintf(line, sizeof line, "%u,Jane Roe %u,jane%u@example.org,078-05-%04u,4111111111111111,", i, i, i,
                 1120 + i % 9);
        add(&t, line);
        add(&t, pick(values, sizeof values / sizeof *values));
        add(&t, "\n");
    }
    return t;
}

static text read_file(const char *root, const char *name) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", root, name);
    text t = {0};
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "alloc_test: cannot open %s\n", path);
        exit(2);
    }
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf - 1, f)) > 0) {
        buf[n] = 0;
        add(&t, buf);
    }
    fclose(f);
    return t;
}

/* Scans `data` and reads the whole result (decision and every finding). */
static int scan_and_read(classify_scanner *sc, classify_ruleset *rs, const char *data, size_t len) {
    int rc = classify_scanner_scan(sc, rs, data, len, NULL);
    if (rc != CLASSIFY_OK) return rc;
    classify_decision d = CLASSIFY_DECISION_INIT;
    if (classify_scanner_decision(sc, &d) != CLASSIFY_OK) return -1;
    size_t n = classify_scanner_finding_count(sc);
    if (n != d.finding_count) return -1;
    for (size_t i = 0; i < n; i++) {
        classify_finding f = CLASSIFY_FINDING_INIT;
        if (classify_scanner_finding(sc, i, &f) != CLASSIFY_OK) return -1;
    }
    return CLASSIFY_OK;
}

static void check(const char *name, classify_scanner *sc, classify_ruleset *rs, const char *data, size_t len,
                  counter_fn calls) {
    for (int i = 0; i < 3; i++)
        if (scan_and_read(sc, rs, data, len) != CLASSIFY_OK) {
            fprintf(stderr, "FAIL %s: scan failed\n", name);
            failures++;
            return;
        }
    const int reps = 5;
    unsigned long long before = calls();
    for (int i = 0; i < reps; i++) scan_and_read(sc, rs, data, len);
    unsigned long long used = calls() - before;
    size_t findings = classify_scanner_finding_count(sc);
    if (used) {
        fprintf(stderr, "FAIL %s (%zu bytes, %zu findings): %llu allocations in %d scans\n", name, len, findings, used,
                reps);
        failures++;
    } else {
        printf("ok   %s (%zu bytes, %zu findings): no allocation in %d scans\n", name, len, findings, reps);
    }
}

/* 200-byte records, one scan each, cycling: a scanner serving many small inputs. */
static void check_records(classify_scanner *sc, classify_ruleset *rs, counter_fn calls) {
    text all = logs(64 * 1024);
    size_t starts[400], lens[400], n = 0;
    for (size_t at = 0; at < all.len && n < 400;) {
        const char *nl = memchr(all.bytes + at, '\n', all.len - at);
        size_t end = nl ? (size_t)(nl - all.bytes) : all.len;
        starts[n] = at;
        lens[n++] = end - at;
        at = end + 1;
    }
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < n; i++) scan_and_read(sc, rs, all.bytes + starts[i], lens[i]);
    unsigned long long before = calls();
    for (size_t i = 0; i < n; i++) scan_and_read(sc, rs, all.bytes + starts[i], lens[i]);
    unsigned long long used = calls() - before;
    if (used) {
        fprintf(stderr, "FAIL records: %llu allocations in %zu record scans\n", used, n);
        failures++;
    } else {
        printf("ok   records: no allocation in %zu record scans\n", n);
    }
    free(all.bytes);
}

int main(int argc, char **argv) {
    const char *root = argc > 1 ? argv[1] : "../..";
    /* POSIX guarantees that a data pointer from dlsym converts to a function pointer; ISO C
     * does not, hence the copy instead of a cast. */
    counter_fn calls = NULL;
    void *sym = dlsym(RTLD_DEFAULT, "malloc_count_calls");
    memcpy(&calls, &sym, sizeof calls);
    if (!calls) {
        fprintf(stderr, "alloc_test: run with LD_PRELOAD=malloc_count.so (benchmarks/malloc_count.c)\n");
        return 2;
    }
    classify_ruleset *rs = NULL;
    classify_scanner *sc = NULL;
    if (classify_ruleset_open_builtin(&rs, NULL, NULL, NULL) != CLASSIFY_OK || classify_scanner_new(&sc) != CLASSIFY_OK) {
        fprintf(stderr, "alloc_test: cannot open the default ruleset or a scanner\n");
        return 2;
    }
    const char *files[] = {"examples/app.log", "examples/customers.csv", "examples/support-thread.eml"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        text t = read_file(root, files[i]);
        check(files[i], sc, rs, t.bytes, t.len, calls);
        free(t.bytes);
    }
    text p = prose(512 * 1024), l = logs(256 * 1024), c = csv(256 * 1024);
    check("generated prose", sc, rs, p.bytes, p.len, calls);
    check("generated logs", sc, rs, l.bytes, l.len, calls);
    check("generated csv", sc, rs, c.bytes, c.len, calls);
    check("empty input", sc, rs, "", 0, calls);
    check_records(sc, rs, calls);
    free(p.bytes);
    free(l.bytes);
    free(c.bytes);
    classify_scanner_free(sc);
    classify_ruleset_free(rs);
    printf("alloc_test: %s\n", failures ? "FAILED" : "passed");
    return failures ? 1 : 0;
}
