/* The engine (hot swap), summaries and their re-decision, and signed packs, through the C
   ABI. The stress part runs reader threads that classify continuously through one engine
   while a swapper thread swaps between two packs thousands of times - by ruleset, buffer
   and file, with failing swaps in between - and checks that every result matches the
   answer of the generation it reports: 0 torn results, 0 lost calls, generations that never
   go back, failed swaps that change nothing.

   Usage: engine_test [swaps [readers]]       (default 3000 swaps, 2 readers)
   CLASSIFY_TEST_NO_JIT=1 compiles patterns for PCRE2's interpreter (valgrind).
   Built and run plain, under ASan+UBSan, valgrind and TSan by Tests/CAPI/Makefile. */
#define _POSIX_C_SOURCE 200809L /* strdup, mkdtemp, clock_gettime under -std=c99 */
#include <classify.h>

#include <pthread.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

static classify_open_options g_opts = CLASSIFY_OPEN_OPTIONS_INIT;

/* --- the two packs ------------------------------------------------------------------- */

#define DET_EMP(level) \
    "{\"id\":\"emp\",\"type\":\"EMPLOYEE_ID\",\"category\":\"pii\",\"patterns\":[\"\\\\bE-\\\\d{7}\\\\b\"]," \
    "\"confidence\":0.8,\"level\":\"" level "\",\"examples\":{\"match\":[\"E-1234567\"]}}"

static const char pack_a[] =
    "{\"schema\":\"classify.pack/1\",\"id\":\"swap\",\"version\":\"1.0.0\","
    "\"frameworks\":[{\"id\":\"GDPR\"}],\"detectors\":[" DET_EMP("internal") ","
    "{\"id\":\"tok\",\"type\":\"TOKEN\",\"category\":\"credential\",\"patterns\":[\"\\\\btok_[a-z]{8}\\\\b\"],"
    "\"confidence\":0.9,\"level\":\"confidential\",\"examples\":{\"match\":[\"tok_abcdefgh\"]}}]}";

static const char pack_b[] =
    "{\"schema\":\"classify.pack/1\",\"id\":\"swap\",\"version\":\"2.0.0\","
    "\"frameworks\":[{\"id\":\"GDPR\"},{\"id\":\"PCI_DSS\"}],\"detectors\":[" DET_EMP("restricted") ","
    "{\"id\":\"acct\",\"type\":\"ACCOUNT\",\"category\":\"financial\",\"patterns\":[\"\\\\bACCT-\\\\d{6}\\\\b\"],"
    "\"confidence\":0.55,\"level\":\"internal\",\"examples\":{\"match\":[\"ACCT-123456\"]}}],"
    "\"review\":{\"confidence_below\":0.6},"
    "\"policies\":[{\"id\":\"acct-2030\",\"detectors\":[\"acct\"],\"level\":\"restricted\","
    "\"frameworks\":[\"PCI_DSS\"],\"effective_from\":\"2030-01-01\"}],"
    "\"lifecycle\":[{\"id\":\"archive\",\"older_than\":{\"years\":10},\"lower_to\":\"internal\"}]}";

/* Swaps that must fail: each leaves the engine as it was. */
static const char bad_json[] = "{\"schema\":\"classify.pack/1\",\"id\":";
static const char bad_regex[] =
    "{\"schema\":\"classify.pack/1\",\"id\":\"swap\",\"version\":\"3.0.0\",\"detectors\":["
    "{\"id\":\"x\",\"type\":\"X\",\"category\":\"pii\",\"patterns\":[\"E-(\\\\d{7}\"],"
    "\"examples\":{\"match\":[\"E-1234567\"]}}]}";
static const char bad_example[] =
    "{\"schema\":\"classify.pack/1\",\"id\":\"swap\",\"version\":\"3.0.0\",\"detectors\":["
    "{\"id\":\"x\",\"type\":\"X\",\"category\":\"pii\",\"patterns\":[\"\\\\bX\\\\d\\\\b\"],"
    "\"examples\":{\"match\":[\"no digits\"]}}]}";

/* --- the corpus and its expected answers ----------------------------------------------- */

#define CORPUS 3
static char *corpus[CORPUS];
static size_t corpus_len[CORPUS];

#define MAX_FINDINGS 512
typedef struct answer {
    char level[32];
    size_t count;
    char detector[MAX_FINDINGS][8];
    uint64_t start[MAX_FINDINGS], end[MAX_FINDINGS];
} answer;
static answer expected[2][CORPUS]; /* [0] pack A, [1] pack B */

static void make_corpus(void) {
    const char *first = "employee E-1234567 with tok_abcdefgh and ACCT-123456";
    const char *second = "nothing to see here";
    corpus[0] = strdup(first);
    corpus[1] = strdup(second);
    size_t n = 0;
    corpus[2] = malloc(40 * 64);
    for (int i = 0; i < 40; i++)
        n += (size_t)sprintf(corpus[2] + n, "E-%07d ACCT-%06d tok_%c%c%cxxxxx | ", 1000000 + i, 100000 + i,
                             'a' + i % 26, 'b' + i % 20, 'c' + i % 13);
    for (int i = 0; i < CORPUS; i++) corpus_len[i] = strlen(corpus[i]);
}

/* Reads the scanner's result into *out. */
static int read_result(classify_scanner *sc, answer *out) {
    classify_decision d = CLASSIFY_DECISION_INIT;
    if (classify_scanner_decision(sc, &d) != CLASSIFY_OK) return -1;
    snprintf(out->level, sizeof out->level, "%s", d.level);
    out->count = classify_scanner_finding_count(sc);
    if (out->count > MAX_FINDINGS) return -1;
    classify_finding f = CLASSIFY_FINDING_INIT;
    for (size_t i = 0; classify_scanner_finding(sc, i, &f) == CLASSIFY_OK; i++) {
        snprintf(out->detector[i], sizeof out->detector[i], "%s", f.detector);
        out->start[i] = f.start;
        out->end[i] = f.end;
    }
    return 0;
}

static int same(const answer *a, const answer *b) {
    if (strcmp(a->level, b->level) != 0 || a->count != b->count) return 0;
    for (size_t i = 0; i < a->count; i++)
        if (strcmp(a->detector[i], b->detector[i]) != 0 || a->start[i] != b->start[i] || a->end[i] != b->end[i])
            return 0;
    return 1;
}

static classify_ruleset *open_pack(const char *json, const char *name) {
    classify_ruleset *rs = NULL;
    classify_error *err = NULL;
    if (classify_ruleset_open_buffer(&rs, json, strlen(json), name, &g_opts, &err) != CLASSIFY_OK) {
        fprintf(stderr, "cannot open %s: %s\n", name, classify_error_message(err));
        classify_error_free(err);
        exit(2);
    }
    return rs;
}

static void compute_expected(classify_ruleset *a, classify_ruleset *b) {
    classify_scanner *sc = NULL;
    CHECK_EQ_INT(classify_scanner_new(&sc), CLASSIFY_OK);
    for (int p = 0; p < 2; p++)
        for (int i = 0; i < CORPUS; i++) {
            CHECK_EQ_INT(classify_scanner_scan(sc, p ? b : a, corpus[i], corpus_len[i], NULL), CLASSIFY_OK);
            CHECK_EQ_INT(read_result(sc, &expected[p][i]), 0);
        }
    /* The two packs must disagree, or the test proves nothing. */
    CHECK(!same(&expected[0][0], &expected[1][0]) && !same(&expected[0][2], &expected[1][2]));
    CHECK_STR(expected[0][0].level, "confidential");
    CHECK_STR(expected[1][0].level, "restricted");
    classify_scanner_free(sc);
}

/* --- helpers ------------------------------------------------------------------------- */

static char *write_temp(const char *dir, const char *name, const void *data, size_t len) {
    char *path = malloc(strlen(dir) + strlen(name) + 2);
    sprintf(path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, len, f) != len) { perror(path); exit(2); }
    fclose(f);
    return path;
}

static const char *current_version(classify_engine *eng, char *buf, size_t size) {
    classify_ruleset *rs = NULL;
    if (classify_engine_ruleset(&rs, eng) != CLASSIFY_OK) return "(none)";
    snprintf(buf, size, "%s", classify_ruleset_version(rs));
    classify_ruleset_free(rs);
    return buf;
}

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* --- signatures (the documented format, made here with libsodium) --------------------- */

typedef struct keypair {
    unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
    char pub_text[128];
} keypair;

static void make_key(keypair *k) {
    crypto_sign_keypair(k->pk, k->sk);
    char b64[64];
    sodium_bin2base64(b64, sizeof b64, k->pk, sizeof k->pk, sodium_base64_VARIANT_ORIGINAL);
    snprintf(k->pub_text, sizeof k->pub_text, "%s", b64); /* the bare base64 form */
}

/* The signature file of `data` (pack `id`@`version`), signed by `k`, claiming key id
   `key_id` (NULL: the key's own id). Returns a malloc'ed string. */
static char *sign_pack(const keypair *k, const char *data, size_t len, const char *id, const char *version,
                       const char *claimed_key_id) {
    unsigned char digest[32], kd[32];
    crypto_hash_sha256(digest, (const unsigned char *)data, len);
    crypto_hash_sha256(kd, k->pk, sizeof k->pk);
    char hex[65], key_id[17];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    sodium_bin2hex(key_id, sizeof key_id, kd, 8);
    char envelope[512];
    int n = snprintf(envelope, sizeof envelope,
                     "classify-signature/1\nkind: pack\nid: %s\nversion: %s\ndigest: sha256:%s\n", id, version, hex);
    unsigned char sig[crypto_sign_BYTES];
    crypto_sign_detached(sig, NULL, (const unsigned char *)envelope, (unsigned long long)n, k->sk);
    char b64[128];
    sodium_bin2base64(b64, sizeof b64, sig, sizeof sig, sodium_base64_VARIANT_ORIGINAL);
    char *out = malloc(1024);
    snprintf(out, 1024, "%skey-id: %s\nsignature: %s\n", envelope, claimed_key_id ? claimed_key_id : key_id, b64);
    return out;
}

static void test_signatures(void) {
    keypair trusted, other;
    make_key(&trusted);
    make_key(&other);
    const char *keys[] = {trusted.pub_text};
    classify_engine_options eo = CLASSIFY_ENGINE_OPTIONS_INIT;
    eo.flags = CLASSIFY_ENGINE_REQUIRE_SIGNATURES;
    eo.open_flags = g_opts.flags;
    eo.trusted_keys = keys;
    eo.trusted_key_count = 1;

    classify_engine *eng = NULL;
    classify_error *err = NULL;
    /* A ruleset opened from unverified bytes is refused; a built-in one is not. */
    classify_ruleset *unverified = open_pack(pack_a, "a.json");
    CHECK_EQ_INT(classify_engine_new(&eng, unverified, &eo, &err), CLASSIFY_E_SIGNATURE);
    CHECK(eng == NULL);
    CHECK_CONTAINS(classify_error_message(err), "not verified");
    classify_error_free(err);
    CHECK_EQ_INT(classify_engine_new(&eng, NULL, &eo, NULL), CLASSIFY_OK);
    CHECK_EQ_INT(classify_engine_swap_ruleset(eng, unverified, NULL), CLASSIFY_E_SIGNATURE);
    classify_ruleset_free(unverified);

    size_t la = strlen(pack_a), lb = strlen(pack_b);
    char *sig_a = sign_pack(&trusted, pack_a, la, "swap", "1.0.0", NULL);
    char *sig_b = sign_pack(&trusted, pack_b, lb, "swap", "2.0.0", NULL);

    /* Unsigned when required. */
    CHECK_EQ_INT(classify_engine_swap_buffer(eng, pack_a, la, NULL, 0, "a.json", &err), CLASSIFY_E_SIGNATURE);
    CHECK_CONTAINS(classify_error_message(err), "not signed");
    classify_error_free(err);
    /* Signed: accepted. */
    CHECK_EQ_INT(classify_engine_swap_buffer(eng, pack_a, la, sig_a, strlen(sig_a), "a.json", &err), CLASSIFY_OK);
    CHECK(err == NULL);
    CHECK_EQ_INT(classify_engine_generation(eng), 1);

    /* Every byte of the pack flipped: refused before parsing (CLASSIFY_E_SIGNATURE, not
       CLASSIFY_E_PACK), and nothing changes. */
    char *copy = malloc(lb);
    size_t refused = 0;
    for (size_t i = 0; i < lb; i++) {
        memcpy(copy, pack_b, lb);
        copy[i] ^= 0x20;
        int rc = classify_engine_swap_buffer(eng, copy, lb, sig_b, strlen(sig_b), "b.json", NULL);
        if (rc == CLASSIFY_E_SIGNATURE) refused++;
        else fprintf(stderr, "byte %zu flipped: status %d\n", i, rc);
    }
    CHECK_EQ_INT(refused, lb);
    CHECK_EQ_INT(classify_engine_generation(eng), 1);
    free(copy);

    /* Signed by a key that is not trusted; a forged key id; a signature of another pack. */
    char *sig_other = sign_pack(&other, pack_b, lb, "swap", "2.0.0", NULL);
    CHECK_EQ_INT(classify_engine_swap_buffer(eng, pack_b, lb, sig_other, strlen(sig_other), "b.json", &err),
                 CLASSIFY_E_SIGNATURE);
    CHECK_CONTAINS(classify_error_message(err), "not trusted");
    classify_error_free(err);
    unsigned char kd[32];
    char trusted_id[17];
    crypto_hash_sha256(kd, trusted.pk, sizeof trusted.pk);
    sodium_bin2hex(trusted_id, sizeof trusted_id, kd, 8);
    char *forged = sign_pack(&other, pack_b, lb, "swap", "2.0.0", trusted_id);
    CHECK_EQ_INT(classify_engine_swap_buffer(eng, pack_b, lb, forged, strlen(forged), "b.json", &err),
                 CLASSIFY_E_SIGNATURE);
    CHECK_CONTAINS(classify_error_message(err), "does not verify");
    classify_error_free(err);
    CHECK_EQ_INT(classify_engine_swap_buffer(eng, pack_b, lb, sig_a, strlen(sig_a), "b.json", NULL),
                 CLASSIFY_E_SIGNATURE);
    CHECK_EQ_INT(classify_engine_generation(eng), 1);

    /* Up to B, then the older A (validly signed) is a downgrade: refused. */
    CHECK_EQ_INT(classify_engine_swap_buffer(eng, pack_b, lb, sig_b, strlen(sig_b), "b.json", NULL), CLASSIFY_OK);
    CHECK_EQ_INT(classify_engine_swap_buffer(eng, pack_a, la, sig_a, strlen(sig_a), "a.json", &err),
                 CLASSIFY_E_DOWNGRADE);
    CHECK_CONTAINS(classify_error_message(err), "older than the loaded 2.0.0");
    CHECK_STR(classify_status_string(CLASSIFY_E_DOWNGRADE), "downgrade refused");
    classify_error_free(err);
    CHECK_EQ_INT(classify_engine_generation(eng), 2);

    /* A verified ruleset moves to another engine that trusts the key; with
       CLASSIFY_ENGINE_ALLOW_DOWNGRADE the older pack is accepted. */
    classify_ruleset *verified = NULL;
    CHECK_EQ_INT(classify_engine_ruleset(&verified, eng), CLASSIFY_OK);
    eo.flags |= CLASSIFY_ENGINE_ALLOW_DOWNGRADE;
    classify_engine *lenient = NULL;
    CHECK_EQ_INT(classify_engine_new(&lenient, verified, &eo, NULL), CLASSIFY_OK);
    CHECK_EQ_INT(classify_engine_swap_buffer(lenient, pack_a, la, sig_a, strlen(sig_a), "a.json", NULL), CLASSIFY_OK);
    CHECK_EQ_INT(classify_engine_generation(lenient), 2);

    /* Files: the signature is read from "<path>.sig". */
    char dir[] = "/tmp/classify-engine-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char *pa = write_temp(dir, "a.json", pack_a, la);
    char *pa_sig = write_temp(dir, "a.json.sig", sig_a, strlen(sig_a));
    char *pb = write_temp(dir, "b.json", pack_b, lb);
    CHECK_EQ_INT(classify_engine_swap_file(lenient, pb, &err), CLASSIFY_E_SIGNATURE); /* no b.json.sig */
    classify_error_free(err);
    CHECK_EQ_INT(classify_engine_swap_file(lenient, pa, NULL), CLASSIFY_OK);
    CHECK_EQ_INT(classify_engine_generation(lenient), 3);
    unlink(pa);
    unlink(pa_sig);
    unlink(pb);
    rmdir(dir);
    free(pa);
    free(pa_sig);
    free(pb);

    /* Bad trusted keys. */
    const char *bad_keys[] = {"not a key"};
    eo.trusted_keys = bad_keys;
    classify_engine *nope = (classify_engine *)1;
    CHECK_EQ_INT(classify_engine_new(&nope, NULL, &eo, &err), CLASSIFY_E_INVALID);
    CHECK(nope == NULL);
    CHECK_CONTAINS(classify_error_message(err), "trusted_keys[0]");
    classify_error_free(err);
    eo.trusted_keys = NULL;
    CHECK_EQ_INT(classify_engine_new(&nope, NULL, &eo, NULL), CLASSIFY_E_INVALID);

    classify_ruleset_free(verified);
    classify_engine_free(lenient);
    classify_engine_free(eng);
    free(sig_a);
    free(sig_b);
    free(sig_other);
    free(forged);
}

/* --- the API, single-threaded ---------------------------------------------------------- */

static void test_api(classify_ruleset *a, classify_ruleset *b) {
    classify_engine_options eo;
    CHECK_EQ_INT(classify_engine_options_init(NULL, sizeof eo), CLASSIFY_E_INVALID);
    CHECK_EQ_INT(classify_engine_options_init(&eo, sizeof(size_t)), CLASSIFY_E_VERSION);
    CHECK_EQ_INT(classify_engine_options_init(&eo, sizeof eo), CLASSIFY_OK);
    CHECK(eo.struct_size == sizeof eo && eo.flags == 0 && eo.trusted_keys == NULL);
    classify_reclassify_options ro;
    CHECK_EQ_INT(classify_reclassify_options_init(&ro, sizeof ro), CLASSIFY_OK);
    CHECK_EQ_INT(classify_reclassify_options_init(&ro, 1), CLASSIFY_E_VERSION);

    classify_engine *eng = (classify_engine *)1;
    classify_error *err = NULL;
    CHECK_EQ_INT(classify_engine_new(NULL, NULL, NULL, &err), CLASSIFY_E_INVALID);
    classify_error_free(err);
    eo.flags = 0x80;
    CHECK_EQ_INT(classify_engine_new(&eng, NULL, &eo, NULL), CLASSIFY_E_INVALID);
    CHECK(eng == NULL);
    classify_engine_free(NULL);
    CHECK_EQ_INT(classify_engine_generation(NULL), 0);

    /* Empty engine: generation 0, nothing to scan with. */
    eo.flags = 0;
    eo.open_flags = g_opts.flags; /* CLASSIFY_OPEN_NO_JIT under valgrind */
    CHECK_EQ_INT(classify_engine_new(&eng, NULL, &eo, NULL), CLASSIFY_OK);
    classify_scanner *sc = NULL;
    CHECK_EQ_INT(classify_scanner_new(&sc), CLASSIFY_OK);
    CHECK_EQ_INT(classify_engine_generation(eng), 0);
    CHECK_EQ_INT(classify_engine_scan(eng, sc, "x", 1, NULL), CLASSIFY_E_INVALID);
    classify_ruleset *cur = (classify_ruleset *)1;
    CHECK_EQ_INT(classify_engine_ruleset(&cur, eng), CLASSIFY_E_INVALID);
    CHECK(cur == NULL);
    CHECK_EQ_INT(classify_engine_swap_ruleset(eng, NULL, NULL), CLASSIFY_E_INVALID);
    CHECK_EQ_INT(classify_engine_swap_file(eng, NULL, NULL), CLASSIFY_E_INVALID);
    CHECK_EQ_INT(classify_engine_swap_file(eng, "/no/such/pack.json", &err), CLASSIFY_E_IO);
    CHECK_CONTAINS(classify_error_message(err), "/no/such/pack.json");
    classify_error_free(err);

    /* Through the engine: generation and provenance on every result. */
    CHECK_EQ_INT(classify_engine_swap_ruleset(eng, a, NULL), CLASSIFY_OK);
    CHECK_EQ_INT(classify_engine_scan(eng, sc, corpus[0], corpus_len[0], NULL), CLASSIFY_OK);
    classify_decision d = CLASSIFY_DECISION_INIT;
    CHECK_EQ_INT(classify_scanner_decision(sc, &d), CLASSIFY_OK);
    CHECK_EQ_INT(d.generation, 1);
    CHECK_STR(d.pack_id, "swap");
    CHECK_STR(d.pack_version, "1.0.0");
    const char *json = NULL;
    CHECK_EQ_INT(classify_scanner_result_json(sc, &json, NULL), CLASSIFY_OK);
    CHECK_CONTAINS(json, "\"generation\":1");
    /* A direct scan says generation 0. */
    CHECK_EQ_INT(classify_scanner_scan(sc, a, corpus[0], corpus_len[0], NULL), CLASSIFY_OK);
    CHECK_EQ_INT(classify_scanner_decision(sc, &d), CLASSIFY_OK);
    CHECK_EQ_INT(d.generation, 0);
    /* An older caller's decision struct (without generation) still works. */
    classify_decision old = CLASSIFY_DECISION_INIT;
    old.struct_size = offsetof(classify_decision, generation);
    old.generation = 77;
    CHECK_EQ_INT(classify_scanner_decision(sc, &old), CLASSIFY_OK);
    CHECK_EQ_INT(old.generation, 77);

    /* The ruleset handed out stays valid after it is swapped out. */
    CHECK_EQ_INT(classify_engine_ruleset(&cur, eng), CLASSIFY_OK);
    CHECK_EQ_INT(classify_engine_swap_buffer(eng, bad_example, strlen(bad_example), NULL, 0, "x.json", &err),
                 CLASSIFY_E_PACK); /* the engine checks examples by default */
    CHECK_CONTAINS(classify_error_message(err), "example does not match");
    classify_error_free(err);
    CHECK_EQ_INT(classify_engine_generation(eng), 1);
    CHECK_EQ_INT(classify_engine_swap_buffer(eng, pack_b, strlen(pack_b), NULL, 0, "b.json", NULL), CLASSIFY_OK);
    CHECK_EQ_INT(classify_engine_generation(eng), 2);
    CHECK_STR(classify_ruleset_version(cur), "1.0.0");
    classify_ruleset_free(cur);

    /* Summaries and re-decisions: the summary of a scan under B made today, re-decided (under
       B again: the same detectors) today and as of 2030, when B's policy is in force, equals
       a scan made then. */
    const int64_t y2030 = 1893456000; /* 2030-01-01 */
    for (int i = 0; i < CORPUS; i++) {
        for (int dated = 0; dated < 2; dated++) {
            classify_scan_options so = CLASSIFY_SCAN_OPTIONS_INIT;
            so.as_of = dated ? y2030 : 0;
            CHECK_EQ_INT(classify_scanner_scan(sc, b, corpus[i], corpus_len[i], NULL), CLASSIFY_OK);
            const char *s = NULL;
            size_t slen = 0;
            CHECK_EQ_INT(classify_scanner_summary_json(sc, &s, &slen), CLASSIFY_OK);
            CHECK(strstr(s, "\"schema\":\"classify.summary/1\"") != NULL && strlen(s) == slen);
            CHECK(strstr(s, "E-1234567") == NULL && strstr(s, "ACCT-123456") == NULL);
            char *stored = strdup(s);

            CHECK_EQ_INT(classify_scanner_scan(sc, b, corpus[i], corpus_len[i], &so), CLASSIFY_OK);
            classify_decision direct = CLASSIFY_DECISION_INIT;
            CHECK_EQ_INT(classify_scanner_decision(sc, &direct), CLASSIFY_OK);
            char direct_level[32];
            snprintf(direct_level, sizeof direct_level, "%s", direct.level);
            uint32_t rank = direct.level_rank, review = direct.needs_review;
            double confidence = direct.confidence;
            size_t nfw = direct.framework_count, nf = direct.finding_count;

            classify_reclassify_options opts = CLASSIFY_RECLASSIFY_OPTIONS_INIT;
            opts.as_of = so.as_of;
            CHECK_EQ_INT(classify_scanner_reclassify(sc, b, stored, strlen(stored), &opts, NULL), CLASSIFY_OK);
            classify_decision re = CLASSIFY_DECISION_INIT;
            CHECK_EQ_INT(classify_scanner_decision(sc, &re), CLASSIFY_OK);
            CHECK_STR(re.level, direct_level);
            CHECK(re.level_rank == rank && re.needs_review == review && re.confidence == confidence);
            CHECK(re.framework_count == nfw && re.finding_count == nf);
            CHECK_EQ_INT(classify_scanner_finding_count(sc), 0);
            CHECK_EQ_INT(classify_scanner_summary_json(sc, &s, NULL), CLASSIFY_OK);
            if (i == 0 && dated) CHECK_STR(re.level, "restricted");
            /* Through the engine (now B): the same, with the generation. */
            CHECK_EQ_INT(classify_engine_reclassify(eng, sc, stored, strlen(stored), &opts, NULL), CLASSIFY_OK);
            CHECK_EQ_INT(classify_scanner_decision(sc, &re), CLASSIFY_OK);
            CHECK_STR(re.level, direct_level);
            CHECK_EQ_INT(re.generation, 2);
            free(stored);
        }
    }
    /* A summary made under A, whose "tok" detector B does not have: "tok" takes no part and
       is kept under "unmatched". */
    CHECK_EQ_INT(classify_scanner_scan(sc, a, corpus[0], corpus_len[0], NULL), CLASSIFY_OK);
    const char *sa = NULL;
    CHECK_EQ_INT(classify_scanner_summary_json(sc, &sa, NULL), CLASSIFY_OK);
    char *from_a = strdup(sa);
    CHECK_EQ_INT(classify_scanner_reclassify(sc, b, from_a, strlen(from_a), NULL, NULL), CLASSIFY_OK);
    CHECK_EQ_INT(classify_scanner_decision(sc, &d), CLASSIFY_OK);
    CHECK_STR(d.level, "restricted"); /* emp, under B */
    CHECK_EQ_INT(d.finding_count, 1);
    CHECK_EQ_INT(classify_scanner_summary_json(sc, &sa, NULL), CLASSIFY_OK);
    CHECK_CONTAINS(sa, "\"unmatched\":[{\"id\":\"tok\"");
    free(from_a);

    /* Malformed summaries and options. */
    const char *bad = "{\"schema\":\"classify.summary/1\",\"pack\":{\"id\":\"p\",\"version\":\"1\",\"digest\":\"d\"},"
                      "\"as_of\":\"2026-13-01\",\"decision\":{\"level\":\"public\"},\"detectors\":[]}";
    CHECK_EQ_INT(classify_scanner_reclassify(sc, b, bad, strlen(bad), NULL, &err), CLASSIFY_E_INVALID);
    CHECK_STR(classify_error_json_pointer(err), "/as_of");
    classify_error_free(err);
    CHECK_EQ_INT(classify_scanner_decision(sc, &d), CLASSIFY_E_INVALID); /* empty after an error */
    const char *v2 = "{\"schema\":\"classify.summary/2\"}";
    CHECK_EQ_INT(classify_scanner_reclassify(sc, b, v2, strlen(v2), NULL, NULL), CLASSIFY_E_VERSION);
    CHECK_EQ_INT(classify_scanner_reclassify(sc, NULL, v2, strlen(v2), NULL, NULL), CLASSIFY_E_INVALID);
    CHECK_EQ_INT(classify_scanner_reclassify(sc, b, NULL, 0, NULL, NULL), CLASSIFY_E_INVALID);
    classify_reclassify_options flagged = CLASSIFY_RECLASSIFY_OPTIONS_INIT;
    flagged.flags = 1;
    CHECK_EQ_INT(classify_scanner_reclassify(sc, b, v2, strlen(v2), &flagged, NULL), CLASSIFY_E_INVALID);
    CHECK_EQ_INT(classify_scanner_summary_json(sc, &json, NULL), CLASSIFY_E_INVALID);

    /* Data age: B's lifecycle rule caps data older than 10 years at "internal". */
    classify_scan_options so = CLASSIFY_SCAN_OPTIONS_INIT;
    CHECK_EQ_INT(classify_scanner_scan(sc, b, corpus[0], corpus_len[0], &so), CLASSIFY_OK);
    CHECK_EQ_INT(classify_scanner_decision(sc, &d), CLASSIFY_OK);
    CHECK_STR(d.level, "restricted");
    so.data_created = 946684800; /* 2000-01-01 */
    CHECK_EQ_INT(classify_scanner_scan(sc, b, corpus[0], corpus_len[0], &so), CLASSIFY_OK);
    CHECK_EQ_INT(classify_scanner_decision(sc, &d), CLASSIFY_OK);
    CHECK_STR(d.level, "internal");
    CHECK_EQ_INT(classify_scanner_result_json(sc, &json, NULL), CLASSIFY_OK);
    CHECK_CONTAINS(json, "\"level_before_lifecycle\":\"restricted\",\"lifecycle\":[{\"rule\":\"archive\"");
    /* The summary records the creation time; its re-decision keeps it unless overridden. */
    const char *s = NULL;
    CHECK_EQ_INT(classify_scanner_summary_json(sc, &s, NULL), CLASSIFY_OK);
    CHECK_CONTAINS(s, "\"data_created\":946684800");
    char *stored = strdup(s);
    CHECK_EQ_INT(classify_scanner_reclassify(sc, b, stored, strlen(stored), NULL, NULL), CLASSIFY_OK);
    CHECK_EQ_INT(classify_scanner_decision(sc, &d), CLASSIFY_OK);
    CHECK_STR(d.level, "internal");
    classify_reclassify_options young = CLASSIFY_RECLASSIFY_OPTIONS_INIT;
    young.data_created = (int64_t)time(NULL) - 86400;
    CHECK_EQ_INT(classify_scanner_reclassify(sc, b, stored, strlen(stored), &young, NULL), CLASSIFY_OK);
    CHECK_EQ_INT(classify_scanner_decision(sc, &d), CLASSIFY_OK);
    CHECK_STR(d.level, "restricted");
    free(stored);

    classify_scanner_free(sc);
    classify_engine_free(eng);
}

/* --- the stress test --------------------------------------------------------------------- */

typedef struct shared {
    classify_engine *eng;
    int done;             /* set by the swapper (atomic builtins) */
    long swaps, failed_swaps;
} shared;

typedef struct reader {
    pthread_t thread;
    shared *s;
    long calls, ok, torn, backwards, errors;
} reader;

static void *read_loop(void *arg) {
    reader *r = arg;
    classify_scanner *sc = NULL;
    if (classify_scanner_new(&sc) != CLASSIFY_OK) { r->errors++; return NULL; }
    uint64_t last = 0;
    answer got;
    int i = 0;
    while (!__atomic_load_n(&r->s->done, __ATOMIC_ACQUIRE) || r->calls < 50) {
        int c = i++ % CORPUS;
        r->calls++;
        int rc = classify_engine_scan(r->s->eng, sc, corpus[c], corpus_len[c], NULL);
        if (rc != CLASSIFY_OK) { r->errors++; continue; }
        classify_decision d = CLASSIFY_DECISION_INIT;
        if (classify_scanner_decision(sc, &d) != CLASSIFY_OK || read_result(sc, &got) != 0) { r->errors++; continue; }
        r->ok++;
        if (d.generation < last) r->backwards++;
        last = d.generation;
        /* Generation 1 is A, then B, A, B, ...: odd generations must be A (1.0.0). */
        int is_a = strcmp(d.pack_version, "1.0.0") == 0;
        int is_b = strcmp(d.pack_version, "2.0.0") == 0;
        int parity_a = d.generation % 2 == 1;
        if (!(is_a || is_b) || is_a != parity_a || !same(&got, &expected[is_a ? 0 : 1][c])) r->torn++;
    }
    classify_scanner_free(sc);
    return NULL;
}

static void stress(classify_ruleset *a, classify_ruleset *b, long swaps, int readers) {
    char dir[] = "/tmp/classify-stress-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char *path_a = write_temp(dir, "a.json", pack_a, strlen(pack_a));
    char *path_b = write_temp(dir, "b.json", pack_b, strlen(pack_b));

    classify_engine_options eo = CLASSIFY_ENGINE_OPTIONS_INIT;
    eo.flags = CLASSIFY_ENGINE_ALLOW_DOWNGRADE; /* B is 2.0.0, A 1.0.0: back and forth */
    eo.open_flags = g_opts.flags | CLASSIFY_OPEN_SKIP_EXAMPLES;
    shared s = {NULL, 0, 0, 0};
    CHECK_EQ_INT(classify_engine_new(&s.eng, a, &eo, NULL), CLASSIFY_OK);
    reader *rs = calloc((size_t)readers, sizeof *rs);
    double t0 = now_seconds();
    for (int i = 0; i < readers; i++) {
        rs[i].s = &s;
        CHECK_EQ_INT(pthread_create(&rs[i].thread, NULL, read_loop, &rs[i]), 0);
    }

    long wrong_generation = 0, wrong_failure = 0;
    char before[32], after[32];
    for (long i = 0; i < swaps; i++) {
        uint64_t g = classify_engine_generation(s.eng);
        if (i % 10 == 5) {
            /* A swap that fails, in the middle of the traffic: nothing may change. */
            current_version(s.eng, before, sizeof before);
            classify_error *err = NULL;
            int rc;
            switch ((i / 10) % 4) {
            case 0: rc = classify_engine_swap_buffer(s.eng, bad_json, strlen(bad_json), NULL, 0, "bad", &err); break;
            case 1: rc = classify_engine_swap_buffer(s.eng, bad_regex, strlen(bad_regex), NULL, 0, "bad", &err); break;
            case 2: rc = classify_engine_swap_file(s.eng, "/nonexistent/pack.json", &err); break;
            default: rc = classify_engine_swap_file(s.eng, dir, &err); break; /* a directory */
            }
            if (rc >= 0 || err == NULL || classify_error_status(err) != rc) wrong_failure++;
            classify_error_free(err);
            if (classify_engine_generation(s.eng) != g || strcmp(current_version(s.eng, after, sizeof after), before) != 0)
                wrong_failure++;
            s.failed_swaps++;
        }
        int to_b = i % 2 == 0; /* generation 1 is A; the first swap goes to B */
        int rc;
        switch (i % 3) {
        case 0: rc = classify_engine_swap_ruleset(s.eng, to_b ? b : a, NULL); break;
        case 1: {
            const char *json = to_b ? pack_b : pack_a;
            rc = classify_engine_swap_buffer(s.eng, json, strlen(json), NULL, 0, to_b ? "b.json" : "a.json", NULL);
            break;
        }
        default: rc = classify_engine_swap_file(s.eng, to_b ? path_b : path_a, NULL); break;
        }
        if (rc != CLASSIFY_OK || classify_engine_generation(s.eng) != g + 1) wrong_generation++;
        s.swaps++;
    }
    __atomic_store_n(&s.done, 1, __ATOMIC_RELEASE);
    long calls = 0, ok = 0, torn = 0, backwards = 0, errors = 0;
    for (int i = 0; i < readers; i++) {
        CHECK_EQ_INT(pthread_join(rs[i].thread, NULL), 0);
        calls += rs[i].calls;
        ok += rs[i].ok;
        torn += rs[i].torn;
        backwards += rs[i].backwards;
        errors += rs[i].errors;
    }
    double elapsed = now_seconds() - t0;
    printf("engine stress: %d readers, %ld swaps (+%ld failing), %ld scans in %.1f s: %ld torn, %ld lost, "
           "%ld generation reversals, generation %llu\n",
           readers, s.swaps, s.failed_swaps, calls, elapsed, torn, calls - ok, backwards,
           (unsigned long long)classify_engine_generation(s.eng));
    CHECK_EQ_INT(torn, 0);
    CHECK_EQ_INT(errors, 0);
    CHECK_EQ_INT(calls - ok, 0);
    CHECK_EQ_INT(backwards, 0);
    CHECK_EQ_INT(wrong_generation, 0);
    CHECK_EQ_INT(wrong_failure, 0);
    CHECK_EQ_INT(classify_engine_generation(s.eng), (uint64_t)swaps + 1);
    CHECK(calls >= 50L * readers);
    classify_engine_free(s.eng);
    free(rs);
    unlink(path_a);
    unlink(path_b);
    rmdir(dir);
    free(path_a);
    free(path_b);
}

int main(int argc, char **argv) {
    long swaps = argc > 1 ? atol(argv[1]) : 3000;
    int readers = argc > 2 ? atoi(argv[2]) : 2;
    if (swaps < 2 || readers < 1) {
        fprintf(stderr, "usage: engine_test [swaps >= 2 [readers >= 1]]\n");
        return 2;
    }
    const char *no_jit = getenv("CLASSIFY_TEST_NO_JIT");
    if (no_jit && *no_jit && strcmp(no_jit, "0") != 0) g_opts.flags |= CLASSIFY_OPEN_NO_JIT;
    if (sodium_init() < 0) return 2;

    make_corpus();
    classify_ruleset *a = open_pack(pack_a, "a.json");
    classify_ruleset *b = open_pack(pack_b, "b.json");
    compute_expected(a, b);
    test_api(a, b);
    test_signatures();
    stress(a, b, swaps, readers);
    classify_ruleset_free(a);
    classify_ruleset_free(b);
    for (int i = 0; i < CORPUS; i++) free(corpus[i]);
    return check_report("engine_test");
}
