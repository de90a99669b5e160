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

/* No finding's bytes (8 bytes or more: short values such as digits occur in any JSON)
   appear in the result JSON outside the fields that hold pack text. */
static void check_no_leak(classify_scanner *sc, const uint8_t *data) {
    const char *json = NULL;
    size_t json_len = 0;
    if (classify_scanner_result_json(sc, &json, &json_len) != CLASSIFY_OK) fz_fail("no result JSON");
    char *copy = fz_blanked_json(json, json_len);
    size_t n = classify_scanner_finding_count(sc);
    for (size_t i = 0; i < n; i++) {
        classify_finding f = CLASSIFY_FINDING_INIT;
        classify_scanner_finding(sc, i, &f);
        size_t vlen = (size_t)(f.end - f.start);
        if (vlen < 8) continue;
        if (fz_contains(copy, json_len, data + f.start, vlen))
            fz_fail("finding %zu (%s, %zu bytes) appears in the result JSON", i, f.detector, vlen);
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
