/* Target "scan": arbitrary input bytes through classify_scanner_scan with the built-in
   packs, each compiled once for PCRE2's JIT and once for its interpreter
   (CLASSIFY_OPEN_NO_JIT).

   The first byte picks the ruleset: one of the built-in packs (byte % count), or the
   "default" ruleset (all of them layered) for 0xFF; the rest is the input. One pack at a
   time keeps each execution short (an instrumented scan with every pack layered is slow)
   while the corpus still covers every pack.

   Invariants checked (a violation aborts):
   - every result invariant of fuzz_common.h (offsets inside the input and ordered, ...);
   - differential: the JIT and the interpreter rulesets give identical findings (start,
     end, detector, flags, confidence) and decisions, unless one of them hit PCRE2's match
     limit (the two count differently, pcre2api);
   - no finding's bytes appear in the result JSON (findings never carry matched bytes). */
#include "fuzz_common.h"

#define MAX_PACKS 32
static classify_ruleset *g_jit[MAX_PACKS];
static classify_ruleset *g_interp[MAX_PACKS];
static size_t g_packs;      /* individual built-in packs, at 0 ..< g_packs */
static size_t g_default;    /* the layered default ruleset, at this index */

static void open_or_die(classify_ruleset **rs, const char *name, uint32_t flags) {
    classify_open_options o = CLASSIFY_OPEN_OPTIONS_INIT;
    o.flags = flags;
    classify_error *err = NULL;
    int rc = classify_ruleset_open_builtin(rs, name, &o, &err);
    if (rc != CLASSIFY_OK) {
        fprintf(stderr, "cannot open the built-in ruleset %s: %s\n", name, classify_error_message(err));
        exit(1);
    }
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    /* classify_builtin_pack_name(0) is "default"; the packs follow. */
    for (size_t i = 1; classify_builtin_pack_name(i) && g_packs < MAX_PACKS - 1; i++, g_packs++) {
        open_or_die(&g_jit[g_packs], classify_builtin_pack_name(i), 0);
        open_or_die(&g_interp[g_packs], classify_builtin_pack_name(i), CLASSIFY_OPEN_NO_JIT);
    }
    g_default = g_packs;
    open_or_die(&g_jit[g_default], "default", 0);
    open_or_die(&g_interp[g_default], "default", CLASSIFY_OPEN_NO_JIT);
    return 0;
}

/* Blanks the values of JSON fields that legitimately hold pack text (ids, digest, the
   keyword that raised a confidence), so that a finding equal to one of them is not
   taken for a leak. */
static void blank_field(char *json, const char *key) {
    size_t klen = strlen(key);
    for (char *p = strstr(json, key); p; p = strstr(p, key)) {
        p += klen;
        while (*p && *p != '"') {
            if (*p == '\\' && p[1]) *p++ = ' ';
            *p++ = ' ';
        }
    }
}

/* Blanks the framework ids of "frameworks":[...] arrays (pack text too). */
static void blank_frameworks(char *json) {
    const char *key = "\"frameworks\":[";
    for (char *p = strstr(json, key); p; p = strstr(p, key)) {
        p += strlen(key);
        while (*p && *p != ']') *p++ = ' ';
    }
}

/* Not instrumented for coverage: libFuzzer must not learn the JSON text from these
   comparisons and steer inputs towards it. */
#if defined(__clang__)
__attribute__((no_sanitize("coverage")))
#endif
static int same_bytes(const char *a, const uint8_t *b, size_t n) {
    for (size_t i = 0; i < n; i++)
        if ((uint8_t)a[i] != b[i]) return 0;
    return 1;
}

#if defined(__clang__)
__attribute__((no_sanitize("coverage")))
#endif
static void check_no_leak(classify_scanner *sc, const uint8_t *data) {
    const char *json = NULL;
    size_t json_len = 0;
    if (classify_scanner_result_json(sc, &json, &json_len) != CLASSIFY_OK) fz_fail("no result JSON");
    char *copy = malloc(json_len + 1);
    if (!copy) abort();
    memcpy(copy, json, json_len + 1);
    blank_field(copy, "\"digest\":\"");
    blank_field(copy, "\"id\":\"");
    blank_field(copy, "\"version\":\"");
    blank_field(copy, "\"keyword\":\"");
    blank_field(copy, "\"detector\":\"");
    blank_field(copy, "\"type\":\"");
    blank_field(copy, "\"schema\":\"");
    blank_field(copy, "\"category\":\"");
    blank_field(copy, "\"level\":\"");
    blank_field(copy, "\"validator\":\"");
    blank_field(copy, "\"as_of\":\"");
    blank_frameworks(copy);
    size_t n = classify_scanner_finding_count(sc);
    for (size_t i = 0; i < n; i++) {
        classify_finding f = CLASSIFY_FINDING_INIT;
        classify_scanner_finding(sc, i, &f);
        size_t vlen = (size_t)(f.end - f.start);
        if (vlen < 8) continue; /* short values (digits, "true") occur in any JSON */
        const uint8_t *v = data + f.start;
        for (size_t j = 0; j + vlen <= json_len; j++) {
            if (same_bytes(copy + j, v, vlen))
                fz_fail("finding %zu (%s, %zu bytes) appears in the result JSON at %zu", i, f.detector, vlen, j);
        }
    }
    free(copy);
}

/* Scanners are made per input: a result kept from one input to the next would unbalance
   libFuzzer's malloc/free count and make it run a full leak check after every input. */
int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t n) {
    if (n == 0) return 0;
    size_t which = bytes[0] == 0xFF ? g_default : bytes[0] % g_packs;
    const classify_ruleset *rs_jit = g_jit[which], *rs_interp = g_interp[which];
    const uint8_t *data = bytes + 1;
    size_t size = n - 1;
    classify_scanner *sc_jit = NULL, *sc_interp = NULL;
    if (classify_scanner_new(&sc_jit) != CLASSIFY_OK || classify_scanner_new(&sc_interp) != CLASSIFY_OK)
        fz_fail("scanner_new failed");
    int a = classify_scanner_scan(sc_jit, rs_jit, data, size, NULL);
    size_t na = fz_check_result(sc_jit, rs_jit, size, a);
    int b = classify_scanner_scan(sc_interp, rs_interp, data, size, NULL);
    size_t nb = fz_check_result(sc_interp, rs_interp, size, b);
    check_no_leak(sc_jit, data);

    classify_decision da = CLASSIFY_DECISION_INIT, db = CLASSIFY_DECISION_INIT;
    classify_scanner_decision(sc_jit, &da);
    classify_scanner_decision(sc_interp, &db);
    if ((da.incomplete | db.incomplete) & CLASSIFY_INCOMPLETE_MATCH_LIMIT) goto done;

    FZ_CHECK(a == b, "JIT scan returned %d, interpreter %d", a, b);
    FZ_CHECK(na == nb, "JIT found %zu, interpreter %zu", na, nb);
    for (size_t i = 0; i < na; i++) {
        classify_finding fa = CLASSIFY_FINDING_INIT, fb = CLASSIFY_FINDING_INIT;
        classify_scanner_finding(sc_jit, i, &fa);
        classify_scanner_finding(sc_interp, i, &fb);
        FZ_CHECK(fa.start == fb.start && fa.end == fb.end && fa.detector_index == fb.detector_index &&
                     fa.flags == fb.flags && fa.confidence == fb.confidence,
                 "finding %zu differs: JIT %s [%llu,%llu) flags %u conf %f, interpreter %s [%llu,%llu) flags %u conf %f",
                 i, fa.detector, (unsigned long long)fa.start, (unsigned long long)fa.end, fa.flags, fa.confidence,
                 fb.detector, (unsigned long long)fb.start, (unsigned long long)fb.end, fb.flags, fb.confidence);
    }
    FZ_CHECK(da.level_rank == db.level_rank && da.incomplete == db.incomplete &&
                 da.needs_review == db.needs_review && da.framework_count == db.framework_count,
             "decisions differ: JIT rank %u incomplete 0x%x, interpreter rank %u incomplete 0x%x", da.level_rank,
             da.incomplete, db.level_rank, db.incomplete);
done:
    classify_scanner_free(sc_jit);
    classify_scanner_free(sc_interp);
    return 0;
}
