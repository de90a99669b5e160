/* Streams, records, column profiles and redaction through the C ABI, the way a C host uses
   them. The stream part writes one input in every chunking - one byte at a time, fixed and
   random sizes, and two pieces cut at every offset around each finding - and checks that
   the findings and the decision are exactly those of one scan of the whole input.
   Built and run plain, under ASan+UBSan and under valgrind by Tests/CAPI/Makefile. */
#include <classify.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

static classify_open_options g_opts = CLASSIFY_OPEN_OPTIONS_INIT;
/* Under valgrind (CLASSIFY_TEST_NO_JIT=1) the input is smaller and fewer cuts are tried. */
static int g_quick = 0;

typedef struct {
    uint64_t start, end;
    uint32_t detector, flags;
    double confidence;
    char level[32];
} hit;

typedef struct {
    hit *items;
    size_t count, cap;
} hits;

static void hits_add(hits *h, const classify_finding *f) {
    if (h->count == h->cap) {
        h->cap = h->cap ? 2 * h->cap : 64;
        h->items = realloc(h->items, h->cap * sizeof(hit));
        if (!h->items) abort();
    }
    hit *x = &h->items[h->count++];
    x->start = f->start;
    x->end = f->end;
    x->detector = f->detector_index;
    x->flags = f->flags;
    x->confidence = f->confidence;
    snprintf(x->level, sizeof x->level, "%s", f->level ? f->level : "");
}

/* Appends the findings the scanner holds. */
static void collect(classify_scanner *sc, hits *h) {
    classify_finding f = CLASSIFY_FINDING_INIT;
    for (size_t i = 0; classify_scanner_finding(sc, i, &f) == CLASSIFY_OK; i++) {
        CHECK(f.field == NULL);
        hits_add(h, &f);
    }
}

static int hits_equal(const hits *a, const hits *b) {
    if (a->count != b->count) return 0;
    for (size_t i = 0; i < a->count; i++) {
        const hit *x = &a->items[i], *y = &b->items[i];
        if (x->start != y->start || x->end != y->end || x->detector != y->detector || x->flags != y->flags ||
            x->confidence != y->confidence || strcmp(x->level, y->level) != 0)
            return 0;
    }
    return 1;
}

typedef struct {
    char level[32];
    uint32_t needs_review, incomplete;
    size_t framework_count, finding_count;
    double confidence;
} verdict;

static verdict decision_of(classify_scanner *sc) {
    verdict v;
    memset(&v, 0, sizeof v);
    classify_decision d = CLASSIFY_DECISION_INIT;
    CHECK_EQ_INT(classify_scanner_decision(sc, &d), CLASSIFY_OK);
    snprintf(v.level, sizeof v.level, "%s", d.level);
    v.needs_review = d.needs_review;
    v.incomplete = d.incomplete;
    v.framework_count = d.framework_count;
    v.finding_count = d.finding_count;
    v.confidence = d.confidence;
    return v;
}

static int verdict_equal(verdict a, verdict b) {
    return strcmp(a.level, b.level) == 0 && a.needs_review == b.needs_review && a.incomplete == b.incomplete &&
           a.framework_count == b.framework_count && a.finding_count == b.finding_count &&
           a.confidence == b.confidence;
}

static const char *const entities[] = {
    "SSN: 536-22-8726", "card number 4111 1111 1111 1111", "email jane.doe@example.com",
    "phone (415) 555-0132", "iban DE89370400440532013000", "aws key AKIAZ3MHJXQ2EMPLV7AB",
    "version 10.2.3.4", "client 203.0.113.7", "customerSSN=401617023", "Amex 3400 000000 00009",
    "ssn 536228726", "mongodb+srv://reporting:s3cr3tPassw0rd@cluster0.example.net/prod",
};
static const char *const fillers[] = {
    "lorem ipsum dolor sit amet ", "caf\xc3\xa9 \xe2\x98\x95 na\xc3\xafve ", "\n", ", ", "order 4111 1111 1111 1112 ",
    "\x00\xff\x01 ", "2026-11-29T12:42:11Z INFO ", "key=value; ", "0000 ",
};

static uint64_t g_rng = 0x9E3779B97F4A7C15ull;
static uint32_t rnd(uint32_t n) {
    g_rng ^= g_rng << 13;
    g_rng ^= g_rng >> 7;
    g_rng ^= g_rng << 17;
    return (uint32_t)(g_rng % n);
}

/* Builds about `size` bytes of entities between fillers. */
static char *make_input(size_t size, size_t *len) {
    char *buf = malloc(size + 256);
    if (!buf) abort();
    size_t n = 0;
    while (n < size) {
        const char *p;
        size_t k;
        if (rnd(3) == 0) {
            p = entities[rnd(sizeof entities / sizeof entities[0])];
            k = strlen(p);
        } else {
            size_t i = rnd(sizeof fillers / sizeof fillers[0]);
            p = fillers[i];
            k = i == 5 ? 4 : strlen(p); /* the filler with NUL bytes */
        }
        memcpy(buf + n, p, k);
        n += k;
        buf[n++] = ' ';
    }
    *len = n;
    return buf;
}

/* Streams `data` cut at the sorted offsets `cuts` into `out`; returns the final decision. */
static verdict stream_cut(classify_scanner *sc, const classify_ruleset *rs, const char *data, size_t len,
                          const size_t *cuts, size_t ncuts, hits *out, const classify_stream_options *so,
                          char **redacted, size_t *redacted_len) {
    classify_stream *st = NULL;
    CHECK_EQ_INT(classify_stream_open(&st, rs, so), CLASSIFY_OK);
    size_t at = 0, rlen = 0, rcap = len * 2 + 64;
    char *r = redacted ? malloc(rcap) : NULL;
    for (size_t i = 0; i <= ncuts; i++) {
        size_t to = i < ncuts ? cuts[i] : len;
        if (to < at) continue;
        int rc = classify_stream_write(st, sc, data + at, to - at);
        CHECK(rc == CLASSIFY_OK);
        collect(sc, out);
        if (r) {
            const void *p = NULL;
            size_t n = 0;
            CHECK_EQ_INT(classify_scanner_redacted(sc, &p, &n), CLASSIFY_OK);
            if (rlen + n > rcap) abort();
            if (n) memcpy(r + rlen, p, n);
            rlen += n;
        }
        at = to;
    }
    CHECK_EQ_INT(classify_stream_offset(st), len);
    CHECK_EQ_INT(classify_stream_finish(st, sc), CLASSIFY_OK);
    collect(sc, out);
    if (r) {
        const void *p = NULL;
        size_t n = 0;
        CHECK_EQ_INT(classify_scanner_redacted(sc, &p, &n), CLASSIFY_OK);
        if (rlen + n > rcap) abort();
        if (n) memcpy(r + rlen, p, n);
        rlen += n;
        *redacted = r;
        *redacted_len = rlen;
    }
    verdict v = decision_of(sc);
    CHECK_EQ_INT(classify_stream_write(st, sc, "x", 1), CLASSIFY_E_INVALID);
    CHECK_EQ_INT(classify_stream_finish(st, sc), CLASSIFY_E_INVALID);
    classify_stream_free(st);
    return v;
}

static void test_stream_equivalence(const classify_ruleset *rs, classify_scanner *sc) {
    size_t len = 0;
    char *data = make_input(g_quick ? 700 : 5000, &len);
    hits whole = {0};
    CHECK_EQ_INT(classify_scanner_scan(sc, rs, data, len, NULL), CLASSIFY_OK);
    collect(sc, &whole);
    verdict wv = decision_of(sc);
    CHECK(whole.count >= (g_quick ? 3u : 20u));

    size_t *cuts = malloc(len * sizeof(size_t));
    if (!cuts) abort();
    int chunkings = 0, equal = 0;

    /* One byte at a time, then fixed sizes. */
    const size_t sizes[] = {1, 2, 7, 64, 1000};
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        size_t n = 0;
        for (size_t c = sizes[s]; c < len; c += sizes[s]) cuts[n++] = c;
        hits got = {0};
        verdict v = stream_cut(sc, rs, data, len, cuts, n, &got, NULL, NULL, NULL);
        chunkings++;
        equal += hits_equal(&got, &whole) && verdict_equal(v, wv);
        CHECK(hits_equal(&got, &whole));
        CHECK(verdict_equal(v, wv));
        free(got.items);
    }
    /* Random sizes. */
    for (int round = 0; round < 6; round++) {
        size_t n = 0, at = 0;
        uint32_t maxpiece = 1u << (2 * round + 1);
        while ((at += 1 + rnd(maxpiece)) < len) cuts[n++] = at;
        hits got = {0};
        verdict v = stream_cut(sc, rs, data, len, cuts, n, &got, NULL, NULL, NULL);
        chunkings++;
        equal += hits_equal(&got, &whole) && verdict_equal(v, wv);
        CHECK(hits_equal(&got, &whole));
        free(got.items);
    }
    /* Two pieces, cut at every offset from 24 bytes before each finding (its keyword) to
       4 bytes after it. */
    for (size_t i = 0; i < whole.count; i++) {
        uint64_t lo = whole.items[i].start > 24 ? whole.items[i].start - 24 : 1;
        uint64_t hi = whole.items[i].end + 4 < len ? whole.items[i].end + 4 : len - 1;
        for (uint64_t c = lo; c <= hi; c += g_quick ? 5 : 1) {
            size_t cut = (size_t)c;
            hits got = {0};
            verdict v = stream_cut(sc, rs, data, len, &cut, 1, &got, NULL, NULL, NULL);
            chunkings++;
            equal += hits_equal(&got, &whole) && verdict_equal(v, wv);
            if (!hits_equal(&got, &whole)) fprintf(stderr, "differs when cut at %zu\n", cut);
            free(got.items);
        }
    }
    CHECK_EQ_INT(equal, chunkings);
    printf("stream: %d chunkings of %zu bytes gave the %zu findings of the whole scan\n", chunkings, len,
           whole.count);
    free(cuts);
    free(whole.items);
    free(data);
}

static void test_stream_api(const classify_ruleset *rs, classify_scanner *sc) {
    uint64_t window = classify_ruleset_max_window(rs);
    CHECK(window > 8192);
    CHECK_EQ_INT(classify_ruleset_max_window(NULL), 0);

    classify_stream *st = (classify_stream *)1;
    CHECK_EQ_INT(classify_stream_open(NULL, rs, NULL), CLASSIFY_E_INVALID);
    CHECK_EQ_INT(classify_stream_open(&st, NULL, NULL), CLASSIFY_E_INVALID);
    CHECK(st == NULL);
    classify_stream_options so = CLASSIFY_STREAM_OPTIONS_INIT;
    so.struct_size = 4;
    CHECK_EQ_INT(classify_stream_open(&st, rs, &so), CLASSIFY_E_VERSION);
    CHECK_EQ_INT(classify_stream_options_init(&so, sizeof so), CLASSIFY_OK);
    CHECK_EQ_INT(so.struct_size, sizeof so);
    CHECK_EQ_INT(classify_stream_options_init(NULL, sizeof so), CLASSIFY_E_INVALID);
    classify_scan_options bad = CLASSIFY_SCAN_OPTIONS_INIT;
    bad.min_confidence = 2;
    so.scan = &bad;
    CHECK_EQ_INT(classify_stream_open(&st, rs, &so), CLASSIFY_E_INVALID);
    classify_redact_options hash = CLASSIFY_REDACT_OPTIONS_INIT;
    hash.mode = CLASSIFY_REDACT_HASH;
    so.scan = NULL;
    so.redact = &hash;
    CHECK_EQ_INT(classify_stream_open(&st, rs, &so), CLASSIFY_E_INVALID); /* hash needs a key */

    /* Offsets are absolute, the ruleset may be freed while the stream lives, and memory
       does not grow with the input. */
    classify_ruleset *own = NULL;
    CHECK_EQ_INT(classify_ruleset_open_builtin(&own, "core", &g_opts, NULL), CLASSIFY_OK);
    CHECK_EQ_INT(classify_stream_open(&st, own, NULL), CLASSIFY_OK);
    classify_ruleset_free(own);
    static char filler[65536];
    memset(filler, 'x', sizeof filler);
    filler[sizeof filler - 1] = ' ';
    int rounds = g_quick ? 2 : 64; /* 4 MiB */
    for (int i = 0; i < rounds; i++) {
        CHECK_EQ_INT(classify_stream_write(st, sc, filler, sizeof filler), CLASSIFY_OK);
        CHECK_EQ_INT(classify_scanner_finding_count(sc), 0);
    }
    const char *tail = "card 4111 1111 1111 1111 ";
    CHECK_EQ_INT(classify_stream_write(st, sc, tail, strlen(tail)), CLASSIFY_OK);
    CHECK_EQ_INT(classify_stream_write(st, sc, NULL, 0), CLASSIFY_OK);
    CHECK_EQ_INT(classify_stream_write(st, sc, NULL, 1), CLASSIFY_E_INVALID);
    CHECK_EQ_INT(classify_stream_write(NULL, sc, "a", 1), CLASSIFY_E_INVALID);
    CHECK_EQ_INT(classify_stream_write(st, NULL, "a", 1), CLASSIFY_E_INVALID);
    CHECK_EQ_INT(classify_stream_finish(st, sc), CLASSIFY_OK);
    classify_finding f = CLASSIFY_FINDING_INIT;
    CHECK_EQ_INT(classify_scanner_finding(sc, 0, &f), CLASSIFY_OK);
    CHECK_EQ_INT(f.start, (uint64_t)rounds * sizeof filler + 5);
    CHECK_EQ_INT(f.end, (uint64_t)rounds * sizeof filler + 24);
    CHECK_STR(f.type, "CREDIT_CARD");
    classify_decision d = CLASSIFY_DECISION_INIT;
    CHECK_EQ_INT(classify_scanner_decision(sc, &d), CLASSIFY_OK);
    CHECK_STR(d.level, "restricted");
    CHECK_EQ_INT(d.finding_count, 1);
    const char *json = NULL;
    CHECK_EQ_INT(classify_scanner_result_json(sc, &json, NULL), CLASSIFY_OK);
    CHECK_CONTAINS(json, "\"source\":\"stream\"");
    CHECK(strstr(json, "4111") == NULL);
    classify_stream_free(st);
    classify_stream_free(NULL);

    /* A finding split across two writes is reported by the second, with the stream's
       decision counting both. */
    CHECK_EQ_INT(classify_stream_open(&st, rs, NULL), CLASSIFY_OK);
    CHECK_EQ_INT(classify_stream_write(st, sc, "mail jane.doe@exa", 17), CLASSIFY_OK);
    CHECK_EQ_INT(classify_scanner_finding_count(sc), 0);
    CHECK_EQ_INT(classify_stream_write(st, sc, "mple.com and ", 13), CLASSIFY_OK);
    CHECK_EQ_INT(classify_stream_finish(st, sc), CLASSIFY_OK);
    CHECK_EQ_INT(classify_scanner_finding_count(sc), 1);
    CHECK_EQ_INT(classify_scanner_finding(sc, 0, &f), CLASSIFY_OK);
    CHECK_EQ_INT(f.start, 5);
    CHECK_EQ_INT(f.end, 25);
    classify_stream_free(st);
}

static void test_records(const classify_ruleset *rs, classify_scanner *sc) {
    classify_field fields[3] = {CLASSIFY_FIELD_INIT, CLASSIFY_FIELD_INIT, CLASSIFY_FIELD_INIT};
    fields[0].name = "customer.ssn";
    fields[0].name_len = 12;
    fields[0].value = "536228726";
    fields[0].value_len = 9;
    fields[1].name = "build.version";
    fields[1].name_len = 13;
    fields[1].value = "10.2.3.4";
    fields[1].value_len = 8;
    fields[2].name = "note";
    fields[2].name_len = 4;
    fields[2].value = "mail jane.doe@example.com";
    fields[2].value_len = 25;
    CHECK_EQ_INT(classify_scanner_scan_record(sc, rs, fields, 3, NULL), CLASSIFY_OK);
    CHECK_EQ_INT(classify_scanner_finding_count(sc), 2);
    classify_finding f = CLASSIFY_FINDING_INIT;
    CHECK_EQ_INT(classify_scanner_finding(sc, 0, &f), CLASSIFY_OK);
    CHECK_STR(f.field, "customer.ssn");
    CHECK_STR(f.type, "US_SSN");
    CHECK_EQ_INT(f.start, 0);
    CHECK_EQ_INT(f.end, 9);
    CHECK(f.flags & CLASSIFY_FINDING_KEYWORD);
    CHECK_EQ_INT(classify_scanner_finding(sc, 1, &f), CLASSIFY_OK);
    CHECK_STR(f.field, "note");
    CHECK_STR(f.type, "EMAIL_ADDRESS");
    CHECK_EQ_INT(f.start, 5);
    /* A caller built against the header before `field` existed still gets its fields. */
    struct { classify_finding f; } old;
    memset(&old, 0xAB, sizeof old);
    old.f.struct_size = offsetof(classify_finding, field);
    CHECK_EQ_INT(classify_scanner_finding(sc, 0, &old.f), CLASSIFY_OK);
    CHECK_EQ_INT(old.f.start, 0);
    CHECK((unsigned char)((const char *)&old.f.field)[0] == 0xAB);
    const char *json = NULL;
    size_t json_len = 0;
    CHECK_EQ_INT(classify_scanner_result_json(sc, &json, &json_len), CLASSIFY_OK);
    CHECK_CONTAINS(json, "\"field\":\"customer.ssn\"");
    CHECK(strstr(json, "536228726") == NULL);
    /* A plain scan afterwards has no fields. */
    CHECK_EQ_INT(classify_scanner_scan(sc, rs, "ssn 536-22-8726", 15, NULL), CLASSIFY_OK);
    CHECK_EQ_INT(classify_scanner_finding(sc, 0, &f), CLASSIFY_OK);
    CHECK(f.field == NULL);

    /* Bad arguments. */
    CHECK_EQ_INT(classify_scanner_scan_record(sc, rs, NULL, 0, NULL), CLASSIFY_OK);
    CHECK_EQ_INT(classify_scanner_finding_count(sc), 0);
    CHECK_EQ_INT(classify_scanner_scan_record(sc, rs, NULL, 1, NULL), CLASSIFY_E_INVALID);
    CHECK_EQ_INT(classify_scanner_scan_record(sc, NULL, fields, 1, NULL), CLASSIFY_E_INVALID);
    classify_field broken = CLASSIFY_FIELD_INIT;
    broken.value_len = 3;
    CHECK_EQ_INT(classify_scanner_scan_record(sc, rs, &broken, 1, NULL), CLASSIFY_E_INVALID);
    broken.value_len = 0;
    broken.struct_size = 8;
    CHECK_EQ_INT(classify_scanner_scan_record(sc, rs, &broken, 1, NULL), CLASSIFY_E_VERSION);
}

static void test_profile(const classify_ruleset *rs) {
    classify_profile *p = NULL;
    CHECK_EQ_INT(classify_profile_new(NULL, rs, NULL), CLASSIFY_E_INVALID);
    classify_profile_options po = CLASSIFY_PROFILE_OPTIONS_INIT;
    po.min_share = 1.5;
    CHECK_EQ_INT(classify_profile_new(&p, rs, &po), CLASSIFY_E_INVALID);
    CHECK(p == NULL);
    CHECK_EQ_INT(classify_profile_options_init(&po, sizeof po), CLASSIFY_OK);
    CHECK_EQ_INT(classify_profile_new(&p, rs, &po), CLASSIFY_OK);
    char email[64], order[32];
    for (int i = 0; i < 40; i++) {
        snprintf(email, sizeof email, "user%d@example.com", i);
        snprintf(order, sizeof order, "ORD-%06d", 100000 + i * 7);
        classify_field row[3] = {CLASSIFY_FIELD_INIT, CLASSIFY_FIELD_INIT, CLASSIFY_FIELD_INIT};
        row[0].name = "email";
        row[0].name_len = 5;
        row[0].value = email;
        row[0].value_len = strlen(email);
        row[1].name = "order_id";
        row[1].name_len = 8;
        row[1].value = order;
        row[1].value_len = strlen(order);
        row[2].name = "card";
        row[2].name_len = 4;
        row[2].value = i % 4 ? "4111 1111 1111 1111" : "";
        row[2].value_len = i % 4 ? 19 : 0;
        CHECK_EQ_INT(classify_profile_add_record(p, row, 3), CLASSIFY_OK);
    }
    CHECK_EQ_INT(classify_profile_record_count(p), 40);
    CHECK_EQ_INT(classify_profile_record_count(NULL), 0);
    CHECK_EQ_INT(classify_profile_add_record(NULL, NULL, 0), CLASSIFY_E_INVALID);
    CHECK_EQ_INT(classify_profile_add_record(p, NULL, 1), CLASSIFY_E_INVALID);
    const char *json = NULL;
    size_t len = 0;
    CHECK_EQ_INT(classify_profile_result_json(p, &json, &len), CLASSIFY_OK);
    CHECK(json && strlen(json) == len);
    CHECK_CONTAINS(json, "\"schema\":\"classify.profile/1\"");
    CHECK_CONTAINS(json, "\"name\":\"email\",\"samples\":40,\"non_empty\":40,\"type\":\"EMAIL_ADDRESS\"");
    CHECK_CONTAINS(json, "\"name\":\"order_id\",\"samples\":40,\"non_empty\":40,\"type\":null");
    CHECK_CONTAINS(json, "\"name\":\"card\",\"samples\":40,\"non_empty\":30,\"type\":\"CREDIT_CARD\"");
    CHECK(strstr(json, "example.com") == NULL && strstr(json, "4111") == NULL);
    CHECK_EQ_INT(classify_profile_result_json(NULL, &json, NULL), CLASSIFY_E_INVALID);
    classify_profile_free(p);
    classify_profile_free(NULL);
}

static void test_redaction(const classify_ruleset *rs, classify_scanner *sc) {
    const char *text = "mail jane.doe@example.com, card 4111 1111 1111 1111.";
    size_t len = strlen(text);
    classify_redact_options ro = CLASSIFY_REDACT_OPTIONS_INIT;
    CHECK_EQ_INT(classify_scanner_redact(sc, rs, text, len, NULL, NULL), CLASSIFY_OK);
    const void *out = NULL;
    size_t n = 0;
    CHECK_EQ_INT(classify_scanner_redacted(sc, &out, &n), CLASSIFY_OK);
    const char *masked = "mail ****************.com, card ***************1111.";
    CHECK_EQ_INT(n, strlen(masked));
    CHECK(n == strlen(masked) && memcmp(out, masked, n) == 0);
    CHECK_EQ_INT(classify_scanner_finding_count(sc), 2);

    ro.mode = CLASSIFY_REDACT_TYPE;
    CHECK_EQ_INT(classify_scanner_redact(sc, rs, text, len, &ro, NULL), CLASSIFY_OK);
    char small[8], big[128];
    CHECK_EQ_INT(classify_scanner_redacted_copy(sc, small, sizeof small, &n), CLASSIFY_E_LIMIT);
    CHECK_EQ_INT(n, strlen("mail [EMAIL_ADDRESS], card [CREDIT_CARD]."));
    CHECK_EQ_INT(classify_scanner_redacted_copy(sc, NULL, 0, &n), CLASSIFY_E_LIMIT);
    CHECK_EQ_INT(classify_scanner_redacted_copy(sc, NULL, 4, &n), CLASSIFY_E_INVALID);
    CHECK_EQ_INT(classify_scanner_redacted_copy(sc, big, sizeof big, &n), CLASSIFY_OK);
    CHECK(n < sizeof big && memcmp(big, "mail [EMAIL_ADDRESS], card [CREDIT_CARD].", n) == 0);

    /* Rules by detector id and by type; hash with a key gives the same token twice. */
    classify_redact_rule rules[2] = {CLASSIFY_REDACT_RULE_INIT, CLASSIFY_REDACT_RULE_INIT};
    rules[0].target = "email_address";
    rules[0].mode = CLASSIFY_REDACT_HASH;
    rules[1].target = "CREDIT_CARD";
    rules[1].mode = CLASSIFY_REDACT_REMOVE;
    ro.rules = rules;
    ro.rule_count = 2;
    CHECK_EQ_INT(classify_scanner_redact(sc, rs, text, len, &ro, NULL), CLASSIFY_E_INVALID); /* no key */
    ro.key = "0123456789abcdef0123456789abcdef";
    ro.key_len = 32;
    CHECK_EQ_INT(classify_scanner_redact(sc, rs, text, len, &ro, NULL), CLASSIFY_OK);
    CHECK_EQ_INT(classify_scanner_redacted_copy(sc, big, sizeof big, &n), CLASSIFY_OK);
    CHECK(n == strlen("mail [EMAIL_ADDRESS:0123456789abcdef], card ."));
    CHECK(memcmp(big, "mail [EMAIL_ADDRESS:", 20) == 0 && memcmp(big + 36, "], card .", 9) == 0);
    char first[64];
    memcpy(first, big, n);
    CHECK_EQ_INT(classify_scanner_redact(sc, rs, "jane.doe@example.com", 20, &ro, NULL), CLASSIFY_OK);
    CHECK_EQ_INT(classify_scanner_redacted_copy(sc, big, sizeof big, &n), CLASSIFY_OK);
    CHECK(n == 32 && memcmp(big, first + 5, 32) == 0);

    /* Bad options. */
    classify_redact_options bad = CLASSIFY_REDACT_OPTIONS_INIT;
    bad.mode = 9;
    CHECK_EQ_INT(classify_scanner_redact(sc, rs, text, len, &bad, NULL), CLASSIFY_E_INVALID);
    bad.mode = 0;
    bad.keep = 65;
    CHECK_EQ_INT(classify_scanner_redact(sc, rs, text, len, &bad, NULL), CLASSIFY_E_INVALID);
    bad.keep = CLASSIFY_REDACT_KEEP_NONE;
    bad.mask_char = '#';
    CHECK_EQ_INT(classify_scanner_redact(sc, rs, "card 4111 1111 1111 1111", 24, &bad, NULL), CLASSIFY_OK);
    CHECK_EQ_INT(classify_scanner_redacted_copy(sc, big, sizeof big, &n), CLASSIFY_OK);
    CHECK(n == 24 && memcmp(big, "card ###################", 24) == 0);
    bad.struct_size = 2;
    CHECK_EQ_INT(classify_scanner_redact(sc, rs, text, len, &bad, NULL), CLASSIFY_E_VERSION);
    CHECK_EQ_INT(classify_redact_options_init(&bad, sizeof bad), CLASSIFY_OK);
    CHECK_EQ_INT(classify_scanner_redacted(NULL, &out, &n), CLASSIFY_E_INVALID);
    /* Other scans hold an empty copy. */
    CHECK_EQ_INT(classify_scanner_scan(sc, rs, text, len, NULL), CLASSIFY_OK);
    CHECK_EQ_INT(classify_scanner_redacted(sc, &out, &n), CLASSIFY_OK);
    CHECK_EQ_INT(n, 0);

    /* A redacting stream makes the same copy in any chunking. */
    size_t dlen = 0;
    char *data = make_input(g_quick ? 600 : 4000, &dlen);
    classify_redact_options types = CLASSIFY_REDACT_OPTIONS_INIT;
    types.mode = CLASSIFY_REDACT_TYPE;
    CHECK(classify_scanner_redact(sc, rs, data, dlen, &types, NULL) >= 0);
    const void *whole = NULL;
    size_t whole_len = 0;
    CHECK_EQ_INT(classify_scanner_redacted(sc, &whole, &whole_len), CLASSIFY_OK);
    char *expected = malloc(whole_len + 1);
    if (!expected) abort();
    memcpy(expected, whole, whole_len);
    classify_stream_options so = CLASSIFY_STREAM_OPTIONS_INIT;
    so.redact = &types;
    const size_t sizes[] = {1, 3, 100, 4096};
    size_t *cuts = malloc(dlen * sizeof(size_t));
    if (!cuts) abort();
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        if (g_quick && sizes[s] == 1) continue;
        size_t nc = 0;
        for (size_t c = sizes[s]; c < dlen; c += sizes[s]) cuts[nc++] = c;
        hits got = {0};
        char *copy = NULL;
        size_t copy_len = 0;
        stream_cut(sc, rs, data, dlen, cuts, nc, &got, &so, &copy, &copy_len);
        CHECK_EQ_INT(copy_len, whole_len);
        CHECK(copy_len == whole_len && memcmp(copy, expected, whole_len) == 0);
        free(copy);
        free(got.items);
    }
    free(cuts);
    free(expected);
    free(data);
}

int main(void) {
    if (getenv("CLASSIFY_TEST_NO_JIT")) {
        g_opts.flags |= CLASSIFY_OPEN_NO_JIT;
        g_quick = 1;
    }
    classify_ruleset *rs = NULL;
    classify_error *err = NULL;
    if (classify_ruleset_open_builtin(&rs, NULL, &g_opts, &err) != CLASSIFY_OK) {
        fprintf(stderr, "stream_test: %s\n", classify_error_message(err));
        classify_error_free(err);
        return 2;
    }
    classify_scanner *sc = NULL;
    CHECK_EQ_INT(classify_scanner_new(&sc), CLASSIFY_OK);
    test_stream_api(rs, sc);
    test_records(rs, sc);
    test_profile(rs);
    test_redaction(rs, sc);
    test_stream_equivalence(rs, sc);
    classify_scanner_free(sc);
    classify_ruleset_free(rs);
    return check_report("stream_test");
}
