/* Calls every function of classify.h, through every error path, the way a C host would.
   Built against the installed-style header and library, and run plain, under ASan+UBSan
   and under valgrind by `make test` (Tests/CAPI/Makefile). */
#include <classify.h>

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

/* Open options for every open in this test: CLASSIFY_TEST_NO_JIT=1 (set for valgrind,
   which cannot follow PCRE2's JIT code) compiles patterns for the interpreter. */
static classify_open_options g_opts = CLASSIFY_OPEN_OPTIONS_INIT;

static const char card_text[] =
    "Caf\xc3\xa9 \xe2\x98\x95 na\xc3\xafve \xf0\x9f\x98\x80 \x00 \xe6\x97\xa5\xe6\x9c\xac "
    "card: 4111 1111 1111 1111 thanks";

static size_t find(const char *hay, size_t hay_len, const char *needle) {
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= hay_len; i++)
        if (memcmp(hay + i, needle, n) == 0) return i;
    return (size_t)-1;
}

static void test_versions(void) {
    CHECK_EQ_INT(classify_version_number(), CLASSIFY_VERSION_NUMBER);
    CHECK_STR(classify_version_string(), CLASSIFY_VERSION_STRING);
    CHECK_STR(classify_status_string(CLASSIFY_OK), "ok");
    CHECK_STR(classify_status_string(CLASSIFY_E_PACK), "invalid pack");
    CHECK_STR(classify_status_string(CLASSIFY_E_PATTERN), "invalid pattern");
    CHECK_STR(classify_status_string(12345), "unknown status");
    const int codes[] = {CLASSIFY_DONE, CLASSIFY_INCOMPLETE, CLASSIFY_E_INVALID, CLASSIFY_E_NOMEM,
                         CLASSIFY_E_IO, CLASSIFY_E_VERSION, CLASSIFY_E_LIMIT, CLASSIFY_E_BUSY,
                         CLASSIFY_E_INTERNAL};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        const char *s = classify_status_string(codes[i]);
        CHECK(s != NULL && strcmp(s, "unknown status") != 0);
    }
}

static void test_errors_null_safe(void) {
    CHECK_EQ_INT(classify_error_status(NULL), CLASSIFY_E_INVALID);
    CHECK_STR(classify_error_message(NULL), "");
    CHECK(classify_error_pack(NULL) == NULL);
    CHECK(classify_error_json_pointer(NULL) == NULL);
    CHECK(classify_error_detector(NULL) == NULL);
    CHECK_EQ_INT(classify_error_line(NULL), 0);
    CHECK_EQ_INT(classify_error_column(NULL), 0);
    CHECK_EQ_INT(classify_error_offset(NULL), -1);
    classify_error_free(NULL);
    classify_ruleset_free(NULL);
    classify_scanner_free(NULL);
}

static void test_builtin(void) {
    classify_ruleset *rs = (classify_ruleset *)1;
    classify_error *err = (classify_error *)1;
    CHECK_EQ_INT(classify_ruleset_open_builtin(NULL, NULL, &g_opts, NULL), CLASSIFY_E_INVALID);
    CHECK_EQ_INT(classify_ruleset_open_builtin(&rs, "no-such-pack", &g_opts, &err), CLASSIFY_E_INVALID);
    CHECK(rs == NULL);
    CHECK_CONTAINS(classify_error_message(err), "no-such-pack");
    CHECK_EQ_INT(classify_error_status(err), CLASSIFY_E_INVALID);
    classify_error_free(err);

    CHECK_STR(classify_builtin_pack_name(0), "default");
    CHECK_STR(classify_builtin_pack_name(1), "core");
    size_t n = 0;
    while (classify_builtin_pack_name(n)) n++;
    CHECK(n >= 2);
    for (size_t i = 0; i < n; i++) {
        classify_ruleset *r = NULL;
        CHECK_EQ_INT(classify_ruleset_open_builtin(&r, classify_builtin_pack_name(i), &g_opts, NULL), CLASSIFY_OK);
        CHECK(classify_ruleset_detector_count(r) > 0);
        classify_ruleset_free(r);
    }

    err = (classify_error *)1;
    CHECK_EQ_INT(classify_ruleset_open_builtin(&rs, NULL, &g_opts, &err), CLASSIFY_OK);
    CHECK(err == NULL);
    CHECK_STR(classify_ruleset_id(rs), n > 2 ? "default" : "core");
    CHECK(classify_ruleset_version(rs) != NULL);
    const char *digest = classify_ruleset_digest(rs);
    CHECK(digest && strncmp(digest, "sha256:", 7) == 0 && strlen(digest) == 71);
    size_t count = classify_ruleset_detector_count(rs);
    CHECK(count >= 16);
    int saw_card = 0;
    for (size_t i = 0; i < count; i++) {
        classify_detector_info info = CLASSIFY_DETECTOR_INFO_INIT;
        CHECK_EQ_INT(classify_ruleset_detector(rs, i, &info), CLASSIFY_OK);
        CHECK(info.id && info.type && info.category && info.description);
        if (strcmp(info.id, "credit_card") == 0) {
            saw_card = 1;
            CHECK_STR(info.validator, "credit_card");
            CHECK_STR(info.category, "financial");
        }
    }
    CHECK(saw_card);
    classify_detector_info info = CLASSIFY_DETECTOR_INFO_INIT;
    CHECK_EQ_INT(classify_ruleset_detector(rs, count, &info), CLASSIFY_DONE);
    CHECK_EQ_INT(classify_ruleset_detector(NULL, 0, &info), CLASSIFY_E_INVALID);
    CHECK_EQ_INT(classify_ruleset_detector(rs, 0, NULL), CLASSIFY_E_INVALID);
    info.struct_size = sizeof(size_t); /* older than the first version */
    CHECK_EQ_INT(classify_ruleset_detector(rs, 0, &info), CLASSIFY_E_VERSION);
    CHECK(classify_ruleset_id(NULL) == NULL);
    CHECK_EQ_INT(classify_ruleset_detector_count(NULL), 0);
    classify_ruleset_free(rs);
}

static int open_text(const char *json, classify_error **err) {
    classify_ruleset *rs = NULL;
    int rc = classify_ruleset_open_buffer(&rs, json, strlen(json), "test-pack", &g_opts, err);
    CHECK((rc == CLASSIFY_OK) == (rs != NULL));
    classify_ruleset_free(rs);
    return rc;
}

#define PACK_HEAD "{\n  \"schema\": \"classify.pack/1\",\n  \"id\": \"acme\",\n  \"version\": \"1.0.0\",\n"

static void test_pack_errors(void) {
    classify_error *err = NULL;

    /* Malformed JSON: truncated. */
    CHECK_EQ_INT(open_text("{\"schema\": \"classify.pack/1\", \"id\": ", &err), CLASSIFY_E_PACK);
    CHECK_STR(classify_error_json_pointer(err), "");
    CHECK(classify_error_line(err) == 1);
    CHECK_CONTAINS(classify_error_message(err), "not valid JSON");
    CHECK_STR(classify_error_pack(err), "test-pack");
    classify_error_free(err);

    /* A pattern that does not compile: pointer, line, column and pattern offset. */
    const char *bad_regex = PACK_HEAD
        "  \"detectors\": [\n"
        "    {\"id\": \"emp\", \"type\": \"EMPLOYEE_ID\", \"category\": \"pii\",\n"
        "     \"patterns\": [\"E-(\\\\d{7}\"],\n"
        "     \"examples\": {\"match\": [\"E-1234567\"]}}\n"
        "  ]\n}\n";
    CHECK_EQ_INT(open_text(bad_regex, &err), CLASSIFY_E_PATTERN);
    CHECK_STR(classify_error_json_pointer(err), "/detectors/0/patterns/0");
    CHECK_STR(classify_error_detector(err), "emp");
    CHECK_STR(classify_error_pack(err), "acme");
    CHECK_EQ_INT(classify_error_line(err), 7);
    CHECK_EQ_INT(classify_error_column(err), 19);
    CHECK_EQ_INT(classify_error_offset(err), 8); /* the end of "E-(\\d{7}" */
    CHECK_CONTAINS(classify_error_message(err), "missing closing parenthesis");
    CHECK_CONTAINS(classify_error_message(err), "/detectors/0/patterns/0 (line 7, column 19)");
    classify_error_free(err);

    /* Unknown field: a typo is an error. */
    const char *typo = PACK_HEAD
        "  \"detectors\": [{\"id\": \"emp\", \"type\": \"EMPLOYEE_ID\", \"category\": \"pii\",\n"
        "    \"patterns\": [\"E-\\\\d{7}\"], \"keyword\": [\"employee\"],\n"
        "    \"examples\": {\"match\": [\"E-1234567\"]}}]\n}\n";
    CHECK_EQ_INT(open_text(typo, &err), CLASSIFY_E_PACK);
    CHECK_STR(classify_error_json_pointer(err), "/detectors/0/keyword");
    CHECK_CONTAINS(classify_error_message(err), "unknown field");
    classify_error_free(err);

    /* A failing example names its pointer. */
    const char *bad_example = PACK_HEAD
        "  \"detectors\": [{\"id\": \"emp\", \"type\": \"EMPLOYEE_ID\", \"category\": \"pii\",\n"
        "    \"patterns\": [\"\\\\bE-\\\\d{7}\\\\b\"],\n"
        "    \"examples\": {\"match\": [\"E-1234567\"], \"no_match\": [\"E-7654321\"]}}]\n}\n";
    CHECK_EQ_INT(open_text(bad_example, &err), CLASSIFY_E_PACK);
    CHECK_STR(classify_error_json_pointer(err), "/detectors/0/examples/no_match/0");
    classify_error_free(err);
    /* ...unless examples are skipped. */
    classify_ruleset *rs = NULL;
    classify_open_options oo = CLASSIFY_OPEN_OPTIONS_INIT;
    oo.flags = CLASSIFY_OPEN_SKIP_EXAMPLES;
    CHECK_EQ_INT(classify_ruleset_open_buffer(&rs, bad_example, strlen(bad_example), NULL, &oo, NULL), CLASSIFY_OK);
    classify_ruleset_free(rs);
    /* An options struct older than the first version. */
    oo.struct_size = 4;
    CHECK_EQ_INT(classify_ruleset_open_buffer(&rs, bad_example, strlen(bad_example), NULL, &oo, &err),
                 CLASSIFY_E_VERSION);
    classify_error_free(err);
    CHECK_EQ_INT(classify_open_options_init(&oo, sizeof oo), CLASSIFY_OK);
    CHECK_EQ_INT(oo.struct_size, sizeof oo);
    oo.flags = 0x80000000u; /* a bit this version does not know */
    CHECK_EQ_INT(classify_ruleset_open_builtin(&rs, "core", &oo, &err), CLASSIFY_E_INVALID);
    CHECK_CONTAINS(classify_error_message(err), "unknown bits");
    classify_error_free(err);
    CHECK_EQ_INT(classify_ruleset_open_builtin(&rs, "core", NULL, NULL), CLASSIFY_OK); /* NULL = defaults */
    classify_ruleset_free(rs);
    CHECK_EQ_INT(classify_open_options_init(NULL, sizeof oo), CLASSIFY_E_INVALID);
    CHECK_EQ_INT(classify_open_options_init(&oo, 1), CLASSIFY_E_VERSION);

    /* Another schema major version. */
    CHECK_EQ_INT(open_text("{\"schema\": \"classify.pack/2\", \"id\": \"x\", \"version\": \"1.0.0\", \"detectors\": []}",
                           &err), CLASSIFY_E_VERSION);
    CHECK_STR(classify_error_json_pointer(err), "/schema");
    classify_error_free(err);

    /* Limits are checked before anything is read. */
    CHECK_EQ_INT(classify_ruleset_open_buffer(&rs, "{}", (size_t)CLASSIFY_LIMIT_PACK_BYTES + 1, NULL, &g_opts, &err),
                 CLASSIFY_E_LIMIT);
    CHECK_CONTAINS(classify_error_message(err), "CLASSIFY_LIMIT_PACK_BYTES");
    classify_error_free(err);

    /* Bad arguments. */
    CHECK_EQ_INT(classify_ruleset_open_buffer(&rs, NULL, 10, NULL, &g_opts, NULL), CLASSIFY_E_INVALID);
    CHECK_EQ_INT(classify_ruleset_open_buffer(NULL, "{}", 2, NULL, &g_opts, NULL), CLASSIFY_E_INVALID);
    CHECK_EQ_INT(classify_ruleset_open_buffer(&rs, NULL, 0, NULL, &g_opts, &err), CLASSIFY_E_PACK);
    classify_error_free(err);
    /* A NUL byte inside the pack text. */
    CHECK_EQ_INT(classify_ruleset_open_buffer(&rs, "{\"a\":\0}", 7, NULL, &g_opts, &err), CLASSIFY_E_PACK);
    classify_error_free(err);

    /* Files. */
    CHECK_EQ_INT(classify_ruleset_open_file(&rs, "/nonexistent/pack.json", &g_opts, &err), CLASSIFY_E_IO);
    CHECK_CONTAINS(classify_error_message(err), "/nonexistent/pack.json");
    classify_error_free(err);
    CHECK_EQ_INT(classify_ruleset_open_file(&rs, "/", &g_opts, &err), CLASSIFY_E_IO);
    classify_error_free(err);
    CHECK_EQ_INT(classify_ruleset_open_file(&rs, NULL, &g_opts, NULL), CLASSIFY_E_INVALID);
    CHECK_EQ_INT(classify_ruleset_open_file(NULL, "x", &g_opts, NULL), CLASSIFY_E_INVALID);
}

static void test_scan(void) {
    classify_ruleset *rs = NULL;
    CHECK_EQ_INT(classify_ruleset_open_builtin(&rs, NULL, &g_opts, NULL), CLASSIFY_OK);
    classify_scanner *sc = NULL;
    CHECK_EQ_INT(classify_scanner_new(NULL), CLASSIFY_E_INVALID);
    CHECK_EQ_INT(classify_scanner_new(&sc), CLASSIFY_OK);

    /* Before any scan. */
    classify_decision d = CLASSIFY_DECISION_INIT;
    CHECK_EQ_INT(classify_scanner_decision(sc, &d), CLASSIFY_E_INVALID);
    CHECK_EQ_INT(classify_scanner_finding_count(sc), 0);

    /* A card after multibyte characters and a NUL byte: exact byte offsets. */
    size_t len = sizeof card_text - 1;
    CHECK_EQ_INT(classify_scanner_scan(sc, rs, card_text, len, NULL), CLASSIFY_OK);
    size_t want = find(card_text, len, "4111");
    CHECK(want != (size_t)-1);
    CHECK_EQ_INT(classify_scanner_finding_count(sc), 1);
    classify_finding f = CLASSIFY_FINDING_INIT;
    CHECK_EQ_INT(classify_scanner_finding(sc, 0, &f), CLASSIFY_OK);
    CHECK_EQ_INT(f.start, want);
    CHECK_EQ_INT(f.end, want + 19);
    CHECK_STR(f.type, "CREDIT_CARD");
    /* Core's credit_card and the financial pack's brand detector (card_visa) both match;
       the brand detector's higher confidence wins the overlap. */
    CHECK(f.detector && (strcmp(f.detector, "credit_card") == 0 || strcmp(f.detector, "card_visa") == 0));
    CHECK_STR(f.category, "financial");
    CHECK_STR(f.level, "restricted");
    CHECK(f.flags & CLASSIFY_FINDING_VALIDATED);
    CHECK(f.flags & CLASSIFY_FINDING_KEYWORD);
    CHECK(f.confidence > 0.9 && f.confidence <= 1.0);
    CHECK_EQ_INT(classify_scanner_finding(sc, 1, &f), CLASSIFY_DONE);
    CHECK_EQ_INT(classify_scanner_finding(NULL, 0, &f), CLASSIFY_E_INVALID);
    CHECK_EQ_INT(classify_scanner_finding(sc, 0, NULL), CLASSIFY_E_INVALID);

    CHECK_EQ_INT(classify_scanner_decision(sc, &d), CLASSIFY_OK);
    CHECK_STR(d.level, "restricted");
    CHECK_EQ_INT(d.level_rank, 3);
    CHECK_EQ_INT(d.framework_count, 1);
    CHECK_STR(d.frameworks[0], "PCI_DSS");
    CHECK_EQ_INT(d.finding_count, 1);
    CHECK_EQ_INT(d.incomplete, 0);
    CHECK_EQ_INT(d.needs_review, 0);
    CHECK_STR(d.pack_id, classify_ruleset_id(rs));
    CHECK_STR(d.pack_digest, classify_ruleset_digest(rs));
    CHECK(d.as_of > 1700000000);

    /* The JSON result explains, and never holds the value. */
    const char *json = NULL;
    size_t json_len = 0;
    CHECK_EQ_INT(classify_scanner_result_json(sc, &json, &json_len), CLASSIFY_OK);
    CHECK(json && strlen(json) == json_len);
    CHECK_CONTAINS(json, "\"schema\":\"classify.result/1\"");
    CHECK_CONTAINS(json, "\"validated\":true");
    CHECK(strstr(json, "4111") == NULL);
    CHECK_EQ_INT(classify_scanner_result_json(sc, NULL, NULL), CLASSIFY_E_INVALID);

    /* A struct of an older (too small) size is refused; a newer, larger one is filled up to
       our size and the rest is left alone. */
    classify_finding small = CLASSIFY_FINDING_INIT;
    small.struct_size = 8;
    CHECK_EQ_INT(classify_scanner_finding(sc, 0, &small), CLASSIFY_E_VERSION);
    struct { classify_finding f; unsigned char tail[16]; } big;
    memset(&big, 0xAB, sizeof big);
    big.f.struct_size = sizeof big;
    CHECK_EQ_INT(classify_scanner_finding(sc, 0, &big.f), CLASSIFY_OK);
    CHECK_EQ_INT(big.f.struct_size, sizeof big);
    CHECK_EQ_INT(big.f.start, want);
    CHECK_EQ_INT(big.tail[0], 0xAB);
    CHECK_EQ_INT(big.tail[15], 0xAB);
    classify_decision small_d = CLASSIFY_DECISION_INIT;
    small_d.struct_size = 0;
    CHECK_EQ_INT(classify_scanner_decision(sc, &small_d), CLASSIFY_E_VERSION);

    /* A 16-digit number that fails Luhn is not a card; a ZIP+4 is not an SSN; a dotted
       quad after "version" is not an IP address. */
    const char *decoys = "order 4111 1111 1111 1112, ZIP 94105-1234, version 10.2.3.4";
    CHECK_EQ_INT(classify_scanner_scan(sc, rs, decoys, strlen(decoys), NULL), CLASSIFY_OK);
    CHECK_EQ_INT(classify_scanner_finding_count(sc), 0);
    CHECK_EQ_INT(classify_scanner_decision(sc, &d), CLASSIFY_OK);
    CHECK_STR(d.level, "public");
    CHECK_EQ_INT(d.framework_count, 0);

    /* Empty input, NULL data with length 0, invalid UTF-8, binary bytes. */
    CHECK_EQ_INT(classify_scanner_scan(sc, rs, NULL, 0, NULL), CLASSIFY_OK);
    CHECK_EQ_INT(classify_scanner_finding_count(sc), 0);
    CHECK_EQ_INT(classify_scanner_scan(sc, rs, "", 0, NULL), CLASSIFY_OK);
    const char bad_utf8[] = "\xff\xfe\xc0\xaf\xed\xa0\x80 mail: a.b@example.com \xe2\x82 \x80\x80";
    CHECK_EQ_INT(classify_scanner_scan(sc, rs, bad_utf8, sizeof bad_utf8 - 1, NULL), CLASSIFY_OK);
    CHECK_EQ_INT(classify_scanner_finding_count(sc), 1);
    CHECK_EQ_INT(classify_scanner_finding(sc, 0, &f), CLASSIFY_OK);
    CHECK_EQ_INT(f.start, find(bad_utf8, sizeof bad_utf8 - 1, "a.b@"));
    CHECK_STR(f.type, "EMAIL_ADDRESS");
    unsigned char binary[4096];
    for (size_t i = 0; i < sizeof binary; i++) binary[i] = (unsigned char)(i * 131 + 7);
    CHECK(classify_scanner_scan(sc, rs, binary, sizeof binary, NULL) >= 0);

    /* Bad arguments leave an empty result. */
    CHECK_EQ_INT(classify_scanner_scan(NULL, rs, "x", 1, NULL), CLASSIFY_E_INVALID);
    CHECK_EQ_INT(classify_scanner_scan(sc, NULL, "x", 1, NULL), CLASSIFY_E_INVALID);
    CHECK_EQ_INT(classify_scanner_scan(sc, rs, NULL, 1, NULL), CLASSIFY_E_INVALID);
    CHECK_EQ_INT(classify_scanner_finding_count(sc), 0);
    CHECK_EQ_INT(classify_scanner_decision(sc, &d), CLASSIFY_E_INVALID);

    /* Options. */
    classify_scan_options o = CLASSIFY_SCAN_OPTIONS_INIT;
    o.min_confidence = 2.0;
    CHECK_EQ_INT(classify_scanner_scan(sc, rs, card_text, len, &o), CLASSIFY_E_INVALID);
    o = (classify_scan_options)CLASSIFY_SCAN_OPTIONS_INIT;
    o.reserved = 1;
    CHECK_EQ_INT(classify_scanner_scan(sc, rs, card_text, len, &o), CLASSIFY_E_INVALID);
    o = (classify_scan_options)CLASSIFY_SCAN_OPTIONS_INIT;
    o.struct_size = 3;
    CHECK_EQ_INT(classify_scanner_scan(sc, rs, card_text, len, &o), CLASSIFY_E_VERSION);
    CHECK_EQ_INT(classify_scan_options_init(&o, sizeof o), CLASSIFY_OK);
    CHECK_EQ_INT(classify_scan_options_init(NULL, sizeof o), CLASSIFY_E_INVALID);
    CHECK_EQ_INT(classify_scan_options_init(&o, 2), CLASSIFY_E_VERSION);
    /* A newer caller's struct with a zero tail is accepted; a non-zero tail is not. */
    struct { classify_scan_options o; uint64_t extra; } newer;
    memset(&newer, 0, sizeof newer);
    newer.o.struct_size = sizeof newer;
    CHECK_EQ_INT(classify_scanner_scan(sc, rs, card_text, len, &newer.o), CLASSIFY_OK);
    newer.extra = 1;
    CHECK_EQ_INT(classify_scanner_scan(sc, rs, card_text, len, &newer.o), CLASSIFY_E_VERSION);

    const char *two = "mail a@example.com and b@example.com and c@example.com";
    o = (classify_scan_options)CLASSIFY_SCAN_OPTIONS_INIT;
    o.max_findings = 2;
    CHECK_EQ_INT(classify_scanner_scan(sc, rs, two, strlen(two), &o), CLASSIFY_INCOMPLETE);
    CHECK_EQ_INT(classify_scanner_finding_count(sc), 2);
    CHECK_EQ_INT(classify_scanner_decision(sc, &d), CLASSIFY_OK);
    CHECK(d.incomplete & CLASSIFY_INCOMPLETE_MAX_FINDINGS);
    CHECK_EQ_INT(d.needs_review, 1);

    volatile int cancel = 1;
    o = (classify_scan_options)CLASSIFY_SCAN_OPTIONS_INIT;
    o.cancel = &cancel;
    CHECK_EQ_INT(classify_scanner_scan(sc, rs, two, strlen(two), &o), CLASSIFY_INCOMPLETE);
    CHECK_EQ_INT(classify_scanner_decision(sc, &d), CLASSIFY_OK);
    CHECK(d.incomplete & CLASSIFY_INCOMPLETE_CANCELLED);

    o = (classify_scan_options)CLASSIFY_SCAN_OPTIONS_INIT;
    o.min_confidence = 0.99;
    CHECK_EQ_INT(classify_scanner_scan(sc, rs, two, strlen(two), &o), CLASSIFY_OK);
    CHECK_EQ_INT(classify_scanner_finding_count(sc), 0);

    o = (classify_scan_options)CLASSIFY_SCAN_OPTIONS_INIT;
    o.as_of = 1893456000; /* 2030-01-01 */
    CHECK_EQ_INT(classify_scanner_scan(sc, rs, two, strlen(two), &o), CLASSIFY_OK);
    CHECK_EQ_INT(classify_scanner_decision(sc, &d), CLASSIFY_OK);
    CHECK_EQ_INT(d.as_of, 1893456000);

    /* The scanner keeps what its result needs after the ruleset is freed. */
    CHECK_EQ_INT(classify_scanner_scan(sc, rs, card_text, len, NULL), CLASSIFY_OK);
    classify_ruleset_free(rs);
    CHECK_EQ_INT(classify_scanner_finding(sc, 0, &f), CLASSIFY_OK);
    CHECK_STR(f.type, "CREDIT_CARD");
    CHECK_EQ_INT(classify_scanner_decision(sc, &d), CLASSIFY_OK);
    CHECK_STR(d.frameworks[0], "PCI_DSS");
    classify_scanner_free(sc);
}

/* classify_scanner_result(): the decision and every finding in one call, byte for byte what
   classify_scanner_decision() and classify_scanner_finding() give; every error path. */
static void test_result_in_one_call(void) {
    classify_ruleset *rs = NULL;
    CHECK_EQ_INT(classify_ruleset_open_builtin(&rs, NULL, &g_opts, NULL), CLASSIFY_OK);
    classify_scanner *sc = NULL;
    CHECK_EQ_INT(classify_scanner_new(&sc), CLASSIFY_OK);
    classify_decision d = CLASSIFY_DECISION_INIT, d1 = CLASSIFY_DECISION_INIT;
    classify_finding rows[8] = {CLASSIFY_FINDING_INIT};
    size_t count = 99;

    /* No result yet; NULL scanner; rows NULL with cap > 0. Nothing is written. */
    CHECK_EQ_INT(classify_scanner_result(sc, &d, rows, 8, &count), CLASSIFY_E_INVALID);
    CHECK_EQ_INT(count, 0);
    CHECK_EQ_INT(classify_scanner_result(NULL, &d, rows, 8, &count), CLASSIFY_E_INVALID);
    CHECK_EQ_INT(classify_scanner_result(NULL, NULL, NULL, 0, NULL), CLASSIFY_E_INVALID);

    const char *text = "ssn 536-22-8726, card 5500-0000-0000-0004, mail x.y@example.org, ip 203.0.113.9";
    CHECK_EQ_INT(classify_scanner_scan(sc, rs, text, strlen(text), NULL), CLASSIFY_OK);
    size_t total = classify_scanner_finding_count(sc);
    CHECK(total >= 4 && total <= 8);
    CHECK_EQ_INT(classify_scanner_result(sc, &d, NULL, 1, &count), CLASSIFY_E_INVALID);
    CHECK_EQ_INT(count, 0);

    /* Every finding: the same bytes as one by one; every element gets struct_size. */
    memset(&d, 0xAB, sizeof d);
    d.struct_size = sizeof d;
    memset(rows, 0xAB, sizeof rows);
    rows[0].struct_size = sizeof rows[0];
    CHECK_EQ_INT(classify_scanner_result(sc, &d, rows, 8, &count), CLASSIFY_OK);
    CHECK_EQ_INT(count, total);
    CHECK_EQ_INT(classify_scanner_decision(sc, &d1), CLASSIFY_OK);
    CHECK(memcmp(&d, &d1, sizeof d) == 0);
    for (size_t i = 0; i < total; i++) {
        classify_finding f;
        memset(&f, 0xAB, sizeof f);
        f.struct_size = sizeof f;
        CHECK_EQ_INT(classify_scanner_finding(sc, i, &f), CLASSIFY_OK);
        CHECK(memcmp(&f, &rows[i], sizeof f) == 0);
    }
    CHECK_EQ_INT(rows[total].struct_size, (size_t)0xABABABABABABABABull); /* past the last: untouched */

    /* cap smaller than the count: the first cap rows, and the whole count. */
    classify_finding two[2] = {CLASSIFY_FINDING_INIT};
    CHECK_EQ_INT(classify_scanner_result(sc, NULL, two, 2, &count), CLASSIFY_OK);
    CHECK_EQ_INT(count, total);
    CHECK_EQ_INT(two[1].struct_size, sizeof two[1]);
    CHECK(two[0].start == rows[0].start && two[1].start == rows[1].start && two[1].level == rows[1].level);
    /* cap 0: the count (and the decision) only; NULL rows allowed. */
    count = 0;
    CHECK_EQ_INT(classify_scanner_result(sc, NULL, NULL, 0, &count), CLASSIFY_OK);
    CHECK_EQ_INT(count, total);
    CHECK_EQ_INT(classify_scanner_result(sc, NULL, NULL, 0, NULL), CLASSIFY_OK);

    /* Sizes: too small, too large, or not a multiple of the alignment; nothing written. */
    classify_finding fresh[2] = {CLASSIFY_FINDING_INIT};
    fresh[0].struct_size = 8;
    CHECK_EQ_INT(classify_scanner_result(sc, NULL, fresh, 2, &count), CLASSIFY_E_VERSION);
    CHECK_EQ_INT(count, 0);
    CHECK_EQ_INT(fresh[0].start, 0);
    fresh[0].struct_size = 5000;
    CHECK_EQ_INT(classify_scanner_result(sc, NULL, fresh, 1, &count), CLASSIFY_E_VERSION);
    fresh[0].struct_size = sizeof fresh[0] - 4;
    CHECK_EQ_INT(classify_scanner_result(sc, NULL, fresh, 1, &count), CLASSIFY_E_VERSION);
    fresh[0].struct_size = sizeof fresh[0];
    classify_decision small = CLASSIFY_DECISION_INIT;
    small.struct_size = 8;
    CHECK_EQ_INT(classify_scanner_result(sc, &small, fresh, 2, &count), CLASSIFY_E_VERSION);
    CHECK_EQ_INT(fresh[0].start, 0);
    CHECK(small.level == NULL);
    /* An older caller's struct (without `field`): a shorter stride, each row filled up to
       its size and not one byte more. */
    size_t v1 = offsetof(classify_finding, field);
    union { classify_finding align; unsigned char bytes[3 * sizeof(classify_finding)]; } old;
    memset(&old, 0xCD, sizeof old);
    old.align.struct_size = v1;
    CHECK_EQ_INT(classify_scanner_result(sc, NULL, &old.align, 2, &count), CLASSIFY_OK);
    classify_finding second = CLASSIFY_FINDING_INIT;
    memcpy(&second, old.bytes + v1, v1);
    CHECK_EQ_INT(second.struct_size, v1);
    CHECK(second.start == rows[1].start && second.type == rows[1].type && second.level == rows[1].level);
    CHECK_EQ_INT(old.bytes[2 * v1], 0xCD);

    /* The strings are the ruleset's: the same pointers in the next result of that ruleset. */
    const char *level = d.level, *fw = d.framework_count ? d.frameworks[0] : NULL;
    const char *type0 = rows[0].type;
    CHECK_EQ_INT(classify_scanner_scan(sc, rs, text, strlen(text), NULL), CLASSIFY_OK);
    CHECK_EQ_INT(classify_scanner_result(sc, &d, rows, 8, &count), CLASSIFY_OK);
    CHECK(d.level == level && rows[0].type == type0);
    CHECK(fw == NULL || d.frameworks[0] == fw);

    /* A failed scan leaves no result. */
    CHECK_EQ_INT(classify_scanner_scan(sc, NULL, "x", 1, NULL), CLASSIFY_E_INVALID);
    CHECK_EQ_INT(classify_scanner_result(sc, &d, rows, 8, &count), CLASSIFY_E_INVALID);
    classify_scanner_free(sc);
    classify_ruleset_free(rs);
}

/* Policies with effective dates: the same data, classified as of two dates. */
static void test_effective_dates(void) {
    const char *pack = PACK_HEAD
        "  \"frameworks\": [{\"id\": \"CPRA\", \"name\": \"California Privacy Rights Act\"}],\n"
        "  \"detectors\": [{\"id\": \"geo\", \"type\": \"GPS_COORDINATES\", \"category\": \"pii\",\n"
        "    \"patterns\": [\"-?\\\\d{1,2}\\\\.\\\\d{4,}, ?-?\\\\d{1,3}\\\\.\\\\d{4,}\"], \"level\": \"internal\",\n"
        "    \"examples\": {\"match\": [\"at 37.7749, -122.4194\"]}}],\n"
        "  \"policies\": [{\"id\": \"cpra-geo\", \"detectors\": [\"geo\"], \"level\": \"restricted\",\n"
        "    \"frameworks\": [\"CPRA\"], \"effective_from\": \"2027-01-01\"}]\n}\n";
    classify_ruleset *rs = NULL;
    classify_error *err = NULL;
    CHECK_EQ_INT(classify_ruleset_open_buffer(&rs, pack, strlen(pack), NULL, &g_opts, &err), CLASSIFY_OK);
    if (err) fprintf(stderr, "%s\n", classify_error_message(err));
    classify_error_free(err);
    classify_scanner *sc = NULL;
    classify_scanner_new(&sc);
    const char *text = "last seen at 37.7749, -122.4194";
    classify_scan_options o = CLASSIFY_SCAN_OPTIONS_INIT;
    classify_decision d = CLASSIFY_DECISION_INIT;
    o.as_of = 1798675200; /* 2026-12-31 */
    CHECK_EQ_INT(classify_scanner_scan(sc, rs, text, strlen(text), &o), CLASSIFY_OK);
    classify_scanner_decision(sc, &d);
    CHECK_STR(d.level, "internal");
    CHECK_EQ_INT(d.framework_count, 0);
    o.as_of = 1798761600; /* 2027-01-01 */
    CHECK_EQ_INT(classify_scanner_scan(sc, rs, text, strlen(text), &o), CLASSIFY_OK);
    classify_scanner_decision(sc, &d);
    CHECK_STR(d.level, "restricted");
    CHECK_EQ_INT(d.framework_count, 1);
    CHECK_STR(d.frameworks[0], "CPRA");
    classify_finding f = CLASSIFY_FINDING_INIT;
    classify_scanner_finding(sc, 0, &f);
    CHECK_STR(f.level, "restricted");
    classify_scanner_free(sc);
    classify_ruleset_free(rs);
}

/* Two threads share one ruleset, each with its own scanner. */
struct worker { const classify_ruleset *rs; int iterations; int bad; size_t expected; };

static void *worker_main(void *arg) {
    struct worker *w = arg;
    classify_scanner *sc = NULL;
    if (classify_scanner_new(&sc) != CLASSIFY_OK) { w->bad++; return NULL; }
    const char *text = "ssn 536-22-8726, card 5500-0000-0000-0004, mail x.y@example.org, ip 203.0.113.9";
    for (int i = 0; i < w->iterations; i++) {
        if (classify_scanner_scan(sc, w->rs, text, strlen(text), NULL) != CLASSIFY_OK) w->bad++;
        if (classify_scanner_finding_count(sc) != w->expected) w->bad++;
        classify_decision d = CLASSIFY_DECISION_INIT;
        if (classify_scanner_decision(sc, &d) != CLASSIFY_OK || strcmp(d.level, "restricted") != 0) w->bad++;
    }
    classify_scanner_free(sc);
    return NULL;
}

static void test_threads(int iterations) {
    classify_ruleset *rs = NULL;
    CHECK_EQ_INT(classify_ruleset_open_builtin(&rs, NULL, &g_opts, NULL), CLASSIFY_OK);
    /* The expected answer comes from one scan on this thread first. */
    const char *text = "ssn 536-22-8726, card 5500-0000-0000-0004, mail x.y@example.org, ip 203.0.113.9";
    classify_scanner *sc = NULL;
    classify_scanner_new(&sc);
    CHECK_EQ_INT(classify_scanner_scan(sc, rs, text, strlen(text), NULL), CLASSIFY_OK);
    size_t expected = classify_scanner_finding_count(sc);
    CHECK(expected >= 4);
    classify_scanner_free(sc);
    pthread_t t[2];
    struct worker w[2] = {{rs, iterations, 0, expected}, {rs, iterations, 0, expected}};
    for (int i = 0; i < 2; i++) CHECK_EQ_INT(pthread_create(&t[i], NULL, worker_main, &w[i]), 0);
    for (int i = 0; i < 2; i++) pthread_join(t[i], NULL);
    CHECK_EQ_INT(w[0].bad, 0);
    CHECK_EQ_INT(w[1].bad, 0);
    classify_ruleset_free(rs);
}

int main(int argc, char **argv) {
    int iterations = argc > 1 ? atoi(argv[1]) : 2000;
    const char *no_jit = getenv("CLASSIFY_TEST_NO_JIT");
    if (no_jit && strcmp(no_jit, "1") == 0) g_opts.flags |= CLASSIFY_OPEN_NO_JIT;
    test_versions();
    test_errors_null_safe();
    test_builtin();
    test_pack_errors();
    test_scan();
    test_result_in_one_call();
    test_effective_dates();
    test_threads(iterations);
    return check_report("abi_test");
}
