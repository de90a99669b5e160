/* Target "api": sequences of C ABI calls, decoded from the fuzz bytes as an op-code stream.

   The model holds two ruleset slots and two scanner slots. Only valid lifetimes are
   generated (a handle is freed once and then forgotten: classify.h does not allow double
   frees or use after free), together with every misuse the header documents as an
   error: NULL handles and out-parameters, NULL data with a length, zero lengths, a pack
   length over CLASSIFY_LIMIT_PACK_BYTES with a small buffer (it must not be read),
   struct_size too small, too large or with a non-zero tail, unknown flags, reserved
   fields, out-of-range options, indexes past the end, queries before any scan, and
   freeing a ruleset while a scanner still holds a result made with it.

   Each call's status is checked against the set of statuses the header allows for that
   call and those arguments; the result invariants of fuzz_common.h are checked after
   every successful scan. */
#define _POSIX_C_SOURCE 200809L
#include "fuzz_common.h"

#include "api_packs.h"

#include <math.h>
#include <unistd.h>

static char g_pack_path[64];      /* small_pack, with its signature in <path>.sig */
static char g_pack_v2_path[64];   /* small_pack_v2, with <path>.sig */
static char g_pack_nosig_path[64]; /* small_pack, no signature file */

static const char bad_regex_pack[] =
    "{\"schema\":\"classify.pack/1\",\"id\":\"api\",\"version\":\"1.0.0\","
    "\"detectors\":[{\"id\":\"x\",\"type\":\"X\",\"category\":\"pii\",\"patterns\":[\"a(b\"],"
    "\"examples\":{\"match\":[\"ab\"]}}]}";
static const char bad_schema_pack[] =
    "{\"schema\":\"classify.pack/9\",\"id\":\"api\",\"version\":\"1.0.0\",\"detectors\":[]}";
static const char truncated_pack[] = "{\"schema\":\"classify.pack/1\",\"id\":";

static void write_file(const char *path, const char *text, size_t len) {
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(text, 1, len, f) != len || fclose(f) != 0) {
        perror(path);
        exit(1);
    }
}

static void remove_files(void) {
    char sig[80];
    const char *paths[] = {g_pack_path, g_pack_v2_path, g_pack_nosig_path};
    for (int i = 0; i < 3; i++) {
        unlink(paths[i]);
        snprintf(sig, sizeof sig, "%s.sig", paths[i]);
        unlink(sig);
    }
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    long pid = (long)getpid();
    char sig[80];
    snprintf(g_pack_path, sizeof g_pack_path, "/tmp/classify-fuzz-api-%ld.json", pid);
    snprintf(g_pack_v2_path, sizeof g_pack_v2_path, "/tmp/classify-fuzz-api-%ld-v2.json", pid);
    snprintf(g_pack_nosig_path, sizeof g_pack_nosig_path, "/tmp/classify-fuzz-api-%ld-nosig.json", pid);
    write_file(g_pack_path, small_pack, sizeof small_pack - 1);
    snprintf(sig, sizeof sig, "%s.sig", g_pack_path);
    write_file(sig, small_pack_sig, sizeof small_pack_sig - 1);
    write_file(g_pack_v2_path, small_pack_v2, sizeof small_pack_v2 - 1);
    snprintf(sig, sizeof sig, "%s.sig", g_pack_v2_path);
    write_file(sig, small_pack_v2_sig, sizeof small_pack_v2_sig - 1);
    write_file(g_pack_nosig_path, small_pack, sizeof small_pack - 1);
    atexit(remove_files);
    return 0;
}

/* The op-code stream. */
typedef struct {
    const uint8_t *p;
    size_t left;
} stream;

static uint8_t next(stream *s) {
    if (s->left == 0) return 0;
    s->left--;
    return *s->p++;
}

/* A set of allowed statuses. */
#define ALLOW_MAX 8
typedef struct {
    int codes[ALLOW_MAX];
    int n;
} allowed;

static void allow(allowed *a, int code) {
    if (a->n < ALLOW_MAX) a->codes[a->n++] = code;
}

/* CLASSIFY_FUZZ_TRACE=1: print each checked call and its status (to see what an input does). */
static int tracing(void) {
    static int t = -1;
    if (t < 0) t = getenv("CLASSIFY_FUZZ_TRACE") != NULL;
    return t;
}

static void expect(const char *call, int rc, const allowed *a) {
    if (tracing()) fprintf(stderr, "api: %s -> %d\n", call, rc);
    for (int i = 0; i < a->n; i++)
        if (a->codes[i] == rc) return;
    char list[128] = "";
    for (int i = 0; i < a->n; i++) {
        char one[16];
        snprintf(one, sizeof one, "%s%d", i ? ", " : "", a->codes[i]);
        strncat(list, one, sizeof list - strlen(list) - 1);
    }
    fz_fail("%s returned %d; allowed: %s", call, rc, list);
}

/* Where a ruleset came from, for engines that require signatures. */
enum { PROV_BUILTIN, PROV_UNSIGNED, PROV_SIGNED, PROV_UNKNOWN };

/* What made the result a scanner holds. */
enum { KIND_NONE, KIND_SCAN, KIND_RECORD, KIND_STREAM, KIND_RECLASSIFY, KIND_REDACT };

/* One finding as the stream equivalence compares it (as Tests/CAPI/stream_test.c does). */
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

/* A redaction's options as the fuzzer chose them, kept so that a stream's copy can be
   compared with classify_scanner_redact() of the whole input at its end. */
typedef struct {
    int null_opts;
    int size_sel;            /* 0 exact, 1 too small, 2 larger with a zero tail, 3 non-zero tail */
    uint32_t mode, keep, mask_char, reserved;
    uint8_t key[32];
    size_t key_len;
    int key_null_with_len;
    int nrules, rules_null, rule_size_sel; /* 0 exact, 1 too small, 2 larger, 3 sizes differ */
    struct {
        char target[64];
        int target_null;
        uint32_t mode, keep;
    } rule[3];
} redact_spec;

/* Scan options as the fuzzer chose them (see scan_spec_decode). */
typedef struct {
    int null_opts;
    int bad;                 /* the status they must give, 0 if valid */
    classify_scan_options o; /* valid when !null_opts and bad == 0 */
} scan_spec;

#define STREAM_KEEP 8192 /* bytes of a stream's input kept for the equivalence check */

typedef struct {
    classify_stream *st;
    int finished;
    int rs_slot;             /* the ruleset it was opened on, and that slot's epoch then */
    unsigned rs_epoch;
    size_t ndet;
    uint64_t offset;         /* bytes written */
    uint8_t *written;        /* the first STREAM_KEEP bytes written */
    int overflow;            /* more than STREAM_KEEP bytes written */
    int incomplete;          /* a call returned CLASSIFY_INCOMPLETE */
    hits found;              /* every finding reported so far */
    scan_spec scan;
    int redacting;
    redact_spec redact;
    uint8_t *copy;           /* the redacted copy so far */
    size_t copy_len, copy_cap;
} mstream;

typedef struct {
    classify_ruleset *rs[2];
    classify_scanner *sc[2];
    int has_result[2]; /* the last scan of sc[i] succeeded */
    unsigned rs_epoch[2]; /* changes whenever rs[i] is replaced or freed */
    int rs_prov[2];
    /* The scanners' results. */
    int kind[2];
    size_t dcount[2];        /* the finding_count their decision must give */
    uint64_t generation[2];  /* the generation their decision must give */
    uint8_t *data[2];        /* a copy of the scanned bytes (plain scans), for leak checks */
    size_t data_len[2];
    int equiv[2];            /* plain complete scan with rs[equiv_slot] at equiv_epoch: its */
    int equiv_slot[2];       /* summary re-decided under that ruleset gives its decision */
    unsigned equiv_epoch[2];
    int64_t equiv_as_of[2];
    /* The engine. */
    classify_engine *eng;
    uint64_t eng_gen;
    int eng_require, eng_allow_down, eng_trusts;
    char eng_id[64], eng_ver[32];
    int eng_prov;
    /* Streams. */
    mstream st[2];
    /* The column profile. */
    classify_profile *pf;
    uint64_t pf_records;
    int pf_slot;
    unsigned pf_epoch;
    uint8_t *pf_values;      /* sensitive values added (found by a scan of the record), */
    size_t pf_values_len;    /* each as a 2-byte length and its bytes; and every name    */
    uint8_t *pf_names;
    size_t pf_names_len;
    /* A stored summary, with the decision of the result it was made from. */
    char *summary;
    size_t summary_len;
    int summary_equiv;
    int summary_slot;
    unsigned summary_epoch;
    int64_t summary_as_of;
    char summary_level[64];
    size_t summary_count, summary_frameworks;
    uint32_t summary_review;
    double summary_confidence;
} model;

/* The ruleset in slot i is replaced or freed. */
static void rs_changed(model *m, int i, int prov) {
    m->rs_epoch[i]++;
    m->rs_prov[i] = prov;
}

/* A scanner's result is replaced by a failed call (an empty result) or a new one. */
static void result_gone(model *m, int si) {
    m->has_result[si] = 0;
    m->kind[si] = KIND_NONE;
    m->equiv[si] = 0;
    free(m->data[si]);
    m->data[si] = NULL;
    m->data_len[si] = 0;
}

static void result_new(model *m, int si, int kind, size_t dcount, uint64_t generation) {
    result_gone(m, si);
    m->has_result[si] = 1;
    m->kind[si] = kind;
    m->dcount[si] = dcount;
    m->generation[si] = generation;
}

static void keep_data(model *m, int si, const void *data, size_t len) {
    free(m->data[si]);
    m->data[si] = malloc(len ? len : 1);
    if (!m->data[si]) abort();
    if (len) memcpy(m->data[si], data, len);
    m->data_len[si] = len;
}

/* Open options in one of the documented shapes; sets *bad to the status they must give,
   or 0 when they are valid. `storage` must hold VersionedStruct's largest size + more. */
static const classify_open_options *open_options(uint8_t sel, unsigned char *storage, int *bad) {
    classify_open_options *o = (classify_open_options *)(void *)storage;
    memset(storage, 0, 8192);
    *bad = 0;
    switch (sel % 9) {
    case 0: return NULL;
    case 1: o->struct_size = sizeof *o; break;
    case 2: o->struct_size = sizeof *o; o->flags = CLASSIFY_OPEN_SKIP_EXAMPLES; break;
    case 3: o->struct_size = sizeof *o; o->flags = CLASSIFY_OPEN_NO_JIT; break;
    case 4: o->struct_size = sizeof *o; o->flags = 0x100u << (sel % 8); *bad = CLASSIFY_E_INVALID; break;
    case 5: o->struct_size = sel % 2 ? 0 : sizeof(size_t); *bad = CLASSIFY_E_VERSION; break;
    case 6: o->struct_size = sizeof *o + 24; break;                      /* newer caller, zero tail */
    case 7: o->struct_size = sizeof *o + 24; storage[sizeof *o + 5] = 1; *bad = CLASSIFY_E_VERSION; break;
    default: o->struct_size = 5000; *bad = CLASSIFY_E_VERSION; break;   /* garbage size */
    }
    return o;
}

static void check_open(const char *call, int rc, classify_ruleset *out, classify_error *err, int want_err) {
    FZ_CHECK((rc == CLASSIFY_OK) == (out != NULL), "%s: status %d but out %p", call, rc, (void *)out);
    if (rc == CLASSIFY_OK) {
        FZ_CHECK(!want_err || err == NULL, "%s: success but an error object", call);
    } else if (want_err) {
        fz_check_error(err, rc);
    }
    classify_error_free(want_err ? err : NULL);
}

static void op_open_builtin(model *m, stream *s) {
    uint8_t a = next(s), b = next(s);
    int slot = a & 1;
    classify_ruleset_free(m->rs[slot]);
    m->rs[slot] = NULL;
    rs_changed(m, slot, PROV_BUILTIN);
    unsigned char storage[8192];
    int bad;
    const classify_open_options *o = open_options(b, storage, &bad);
    const char *name;
    int known = 1;
    switch ((a >> 1) % 6) {
    case 0: name = "core"; break;
    case 1: name = "network"; break;
    case 2: name = "no-such-pack"; known = 0; break;
    case 3: name = ""; known = 0; break;
    case 4: name = classify_builtin_pack_name((a >> 4) % 3); if (!name) { name = "core"; } break;
    default: name = "cOrE"; known = 0; break;
    }
    /* "default" (every pack layered) is slow to compile: opened by index 0 only rarely. */
    if (strcmp(name, "default") == 0 && (b & 0xF0) != 0xF0) name = "core";
    int want_err = (a & 0x80) == 0;
    classify_error *err = NULL;
    if ((b & 0x0F) == 0x0F) {
        allowed al = {{CLASSIFY_E_INVALID}, 1};
        expect("open_builtin(out=NULL)", classify_ruleset_open_builtin(NULL, name, o, want_err ? &err : NULL), &al);
        if (want_err) { fz_check_error(err, CLASSIFY_E_INVALID); classify_error_free(err); }
        return;
    }
    int rc = classify_ruleset_open_builtin(&m->rs[slot], name, o, want_err ? &err : NULL);
    allowed al = {{0}, 0};
    if (bad) allow(&al, bad);
    if (!known) allow(&al, CLASSIFY_E_INVALID);
    if (!bad && known) allow(&al, CLASSIFY_OK);
    allow(&al, CLASSIFY_E_NOMEM);
    expect("open_builtin", rc, &al);
    check_open("open_builtin", rc, m->rs[slot], err, want_err);
}

static void op_open_buffer(model *m, stream *s) {
    uint8_t a = next(s), b = next(s);
    int slot = a & 1;
    classify_ruleset_free(m->rs[slot]);
    m->rs[slot] = NULL;
    rs_changed(m, slot, PROV_UNSIGNED);
    unsigned char storage[8192];
    int bad;
    const classify_open_options *o = open_options(b, storage, &bad);
    int want_err = (a & 0x80) == 0;
    classify_error *err = NULL;
    classify_error **eo = want_err ? &err : NULL;
    const char *name = (a & 0x40) ? NULL : "api.json";
    allowed al = {{0}, 0};
    int rc;
    classify_ruleset **out = &m->rs[slot];
    switch ((a >> 1) % 8) {
    case 0: /* valid; examples hold */
        rc = classify_ruleset_open_buffer(out, small_pack, sizeof small_pack - 1, name, o, eo);
        allow(&al, bad ? bad : CLASSIFY_OK);
        break;
    case 1:
        rc = classify_ruleset_open_buffer(out, bad_regex_pack, sizeof bad_regex_pack - 1, name, o, eo);
        allow(&al, bad ? bad : CLASSIFY_E_PATTERN);
        break;
    case 2:
        rc = classify_ruleset_open_buffer(out, bad_schema_pack, sizeof bad_schema_pack - 1, name, o, eo);
        allow(&al, bad ? bad : CLASSIFY_E_VERSION);
        break;
    case 3:
        rc = classify_ruleset_open_buffer(out, truncated_pack, sizeof truncated_pack - 1, name, o, eo);
        allow(&al, bad ? bad : CLASSIFY_E_PACK);
        break;
    case 4: /* NULL json with a length */
        rc = classify_ruleset_open_buffer(out, NULL, 1 + b, name, o, eo);
        allow(&al, CLASSIFY_E_INVALID);
        if (bad) allow(&al, bad);
        break;
    case 5: /* len 0: an empty document (data pointer may be NULL) */
        rc = classify_ruleset_open_buffer(out, (b & 1) ? NULL : small_pack, 0, name, o, eo);
        allow(&al, CLASSIFY_E_PACK);
        if (bad) allow(&al, bad);
        break;
    case 6: { /* a length over the limit with a 2-byte buffer: refused before reading; also
                 lengths of 2^63 and more (negative as a signed size) */
        size_t huge = (b & 0x80) ? (size_t)-1 - (size_t)(b & 0x7F) * 0x0100000000000000u
                                 : (size_t)CLASSIFY_LIMIT_PACK_BYTES + 1 + b * 4096u;
        rc = classify_ruleset_open_buffer(out, "{}", huge, name, o, eo);
        allow(&al, CLASSIFY_E_LIMIT);
        if (bad) allow(&al, bad);
        break;
    }
    default: /* out NULL */
        rc = classify_ruleset_open_buffer(NULL, small_pack, sizeof small_pack - 1, name, o, eo);
        allow(&al, CLASSIFY_E_INVALID);
        expect("open_buffer(out=NULL)", rc, &al);
        if (want_err) { fz_check_error(err, rc); classify_error_free(err); }
        return;
    }
    allow(&al, CLASSIFY_E_NOMEM);
    expect("open_buffer", rc, &al);
    check_open("open_buffer", rc, *out, err, want_err);
}

static void op_open_file(model *m, stream *s) {
    uint8_t a = next(s), b = next(s);
    int slot = a & 1;
    classify_ruleset_free(m->rs[slot]);
    m->rs[slot] = NULL;
    rs_changed(m, slot, PROV_UNSIGNED);
    unsigned char storage[8192];
    int bad;
    const classify_open_options *o = open_options(b, storage, &bad);
    classify_error *err = NULL;
    allowed al = {{0}, 0};
    int rc;
    switch ((a >> 1) % 6) {
    case 0: rc = classify_ruleset_open_file(&m->rs[slot], g_pack_path, o, &err); allow(&al, bad ? bad : CLASSIFY_OK); break;
    case 1: rc = classify_ruleset_open_file(&m->rs[slot], "/nonexistent/classify/pack.json", o, &err); allow(&al, CLASSIFY_E_IO); break;
    case 2: rc = classify_ruleset_open_file(&m->rs[slot], "/", o, &err); allow(&al, CLASSIFY_E_IO); break;
    case 3: rc = classify_ruleset_open_file(&m->rs[slot], "/dev/null", o, &err); allow(&al, CLASSIFY_E_IO); allow(&al, CLASSIFY_E_PACK); break;
    case 4: rc = classify_ruleset_open_file(&m->rs[slot], NULL, o, &err); allow(&al, CLASSIFY_E_INVALID); break;
    default:
        rc = classify_ruleset_open_file(NULL, g_pack_path, o, &err);
        allow(&al, CLASSIFY_E_INVALID);
        if (bad) allow(&al, bad);
        expect("open_file(out=NULL)", rc, &al);
        fz_check_error(err, rc);
        classify_error_free(err);
        return;
    }
    if (bad) allow(&al, bad);
    allow(&al, CLASSIFY_E_NOMEM);
    expect("open_file", rc, &al);
    check_open("open_file", rc, m->rs[slot], err, 1);
}

static void op_scan(model *m, stream *s) {
    uint8_t a = next(s), b = next(s), c = next(s);
    int si = a & 1, ri = (a >> 1) & 1;
    classify_scanner *sc = (a & 0x04) ? NULL : m->sc[si];
    const classify_ruleset *rs = (a & 0x08) ? NULL : m->rs[ri];

    /* Options: each shape and the status it must give. */
    unsigned char storage[8192];
    memset(storage, 0, sizeof storage);
    classify_scan_options *o = (classify_scan_options *)(void *)storage;
    const classify_scan_options *op = o;
    int bad = 0;
    volatile int cancel = 1;
    o->struct_size = sizeof *o;
    switch (b % 16) {
    case 0: op = NULL; break;
    case 1: break;
    case 2: o->min_confidence = NAN; bad = CLASSIFY_E_INVALID; break;
    case 3: o->min_confidence = -0.25; bad = CLASSIFY_E_INVALID; break;
    case 4: o->min_confidence = 1.5; bad = CLASSIFY_E_INVALID; break;
    case 5: o->min_confidence = (b >> 4) / 15.0; break;
    case 6: o->max_findings = 1 + (b >> 4); break;
    case 7: o->max_findings = CLASSIFY_LIMIT_MAX_FINDINGS; break;
    case 8: o->max_findings = CLASSIFY_LIMIT_MAX_FINDINGS + 1; bad = CLASSIFY_E_INVALID; break;
    case 9: o->reserved = 1u + b; bad = CLASSIFY_E_INVALID; break;
    case 10: o->flags = 1u << (b >> 4); bad = CLASSIFY_E_INVALID; break;
    case 11: o->struct_size = (b >> 4); bad = CLASSIFY_E_VERSION; break;
    case 12: o->struct_size = sizeof *o + 16; break;
    case 13: o->struct_size = sizeof *o + 16; storage[sizeof *o + (b >> 4)] = 1; bad = CLASSIFY_E_VERSION; break;
    case 14: o->cancel = &cancel; break;
    default: { /* a deadline, and as_of over the whole int64 range (8 bytes of the stream) */
        o->deadline_ms = 1u + (b >> 4);
        uint64_t v = 0;
        for (int i = 0; i < 8; i++) v = (v << 8) | next(s);
        memcpy(&o->as_of, &v, sizeof v);
        break;
    }
    }

    /* Data: bytes from the stream, or NULL. */
    size_t want = c % 64;
    const void *data;
    size_t len;
    int bad_data = 0;
    if ((c & 0xC0) == 0xC0) {
        data = NULL;
        len = want;
        bad_data = len > 0;
    } else {
        if (want > s->left) want = s->left;
        data = s->p;
        len = want;
        s->p += want;
        s->left -= want;
    }

    int rc = classify_scanner_scan(sc, rs, data, len, op);
    allowed al = {{0}, 0};
    if (!sc || !rs || bad_data) allow(&al, CLASSIFY_E_INVALID);
    if (bad) allow(&al, bad);
    if (al.n == 0) {
        allow(&al, CLASSIFY_OK);
        allow(&al, CLASSIFY_INCOMPLETE);
    }
    allow(&al, CLASSIFY_E_NOMEM);
    expect("scanner_scan", rc, &al);
    if (!sc) return;
    if (rc >= 0) {
        size_t n = fz_check_result(sc, rs, len, rc);
        result_new(m, si, KIND_SCAN, n, 0);
        keep_data(m, si, data, len);
        if (rc == CLASSIFY_OK) {
            m->equiv[si] = 1;
            m->equiv_slot[si] = ri;
            m->equiv_epoch[si] = m->rs_epoch[ri];
            m->equiv_as_of[si] = op ? o->as_of : 0;
        }
    } else {
        result_gone(m, si);
        FZ_CHECK(classify_scanner_finding_count(sc) == 0, "a failed scan left findings");
        classify_decision d = CLASSIFY_DECISION_INIT;
        FZ_CHECK(classify_scanner_decision(sc, &d) == CLASSIFY_E_INVALID, "a failed scan left a decision");
    }
}

static void op_query(model *m, stream *s) {
    uint8_t a = next(s), b = next(s);
    int si = a & 1;
    classify_scanner *sc = (a & 0x02) ? NULL : m->sc[si];
    int has = sc && m->has_result[si];
    size_t count = classify_scanner_finding_count(sc);
    FZ_CHECK(has || count == 0, "finding_count %zu without a result", count);

    /* A finding, at an index in range or past the end, into a struct of some size. */
    size_t index;
    switch (b % 4) {
    case 0: index = 0; break;
    case 1: index = count; break;
    case 2: index = (size_t)-1; break;
    default: index = (b >> 2) % (count + 1); break;
    }
    struct { classify_finding f; unsigned char tail[32]; } big;
    memset(&big, 0x5A, sizeof big);
    classify_finding *fp = &big.f;
    int small = 0;
    switch ((a >> 2) % 5) {
    case 0: big.f.struct_size = sizeof big.f; break;
    case 1: big.f.struct_size = sizeof big; break;
    case 2: big.f.struct_size = (a >> 5); small = 1; break;
    case 3: fp = NULL; break;
    default: big.f.struct_size = sizeof big.f; break;
    }
    int rc = classify_scanner_finding(sc, index, fp);
    allowed al = {{0}, 0};
    if (!sc || !fp) {
        allow(&al, CLASSIFY_E_INVALID);
    } else if (index >= count) {
        allow(&al, CLASSIFY_DONE);
        if (small) allow(&al, CLASSIFY_E_VERSION);
    } else {
        allow(&al, small ? CLASSIFY_E_VERSION : CLASSIFY_OK);
    }
    expect("scanner_finding", rc, &al);
    if (fp && !small) FZ_CHECK(big.tail[31] == 0x5A && big.tail[0] == 0x5A, "finding wrote past its struct");

    /* The decision. */
    struct { classify_decision d; unsigned char tail[32]; } bd;
    memset(&bd, 0xA5, sizeof bd);
    bd.d.struct_size = (a & 0x80) ? sizeof bd : sizeof bd.d;
    if ((b & 0xC0) == 0xC0) bd.d.struct_size = b & 0x0F;
    rc = classify_scanner_decision(sc, (b & 0x30) == 0x30 ? NULL : &bd.d);
    al.n = 0;
    if (!sc || (b & 0x30) == 0x30 || !has) allow(&al, CLASSIFY_E_INVALID);
    else allow(&al, (b & 0xC0) == 0xC0 ? CLASSIFY_E_VERSION : CLASSIFY_OK);
    expect("scanner_decision", rc, &al);
    FZ_CHECK(bd.tail[0] == 0xA5 && bd.tail[31] == 0xA5, "decision wrote past its struct");
    if (rc == CLASSIFY_OK) {
        FZ_CHECK(bd.d.finding_count == m->dcount[si], "decision count %zu, expected %zu (%zu findings)",
                 bd.d.finding_count, m->dcount[si], count);
        if (bd.d.struct_size >= sizeof bd.d)
            FZ_CHECK(bd.d.generation == m->generation[si], "decision generation %llu, expected %llu",
                     (unsigned long long)bd.d.generation, (unsigned long long)m->generation[si]);
    }

    /* The result JSON. */
    const char *json = NULL;
    size_t jlen = 0;
    rc = classify_scanner_result_json(sc, (b & 0x08) ? NULL : &json, (b & 0x04) ? NULL : &jlen);
    al.n = 0;
    allow(&al, (!sc || (b & 0x08) || !has) ? CLASSIFY_E_INVALID : CLASSIFY_OK);
    expect("scanner_result_json", rc, &al);
    if (rc == CLASSIFY_OK) FZ_CHECK(json && json[0] == '{' && ((b & 0x04) || strlen(json) == jlen), "bad JSON");
}

static void op_ruleset_info(model *m, stream *s) {
    uint8_t a = next(s);
    const classify_ruleset *rs = (a & 0x02) ? NULL : m->rs[a & 1];
    size_t n = classify_ruleset_detector_count(rs);
    const char *id = classify_ruleset_id(rs);
    const char *v = classify_ruleset_version(rs);
    const char *d = classify_ruleset_digest(rs);
    if (!rs) {
        FZ_CHECK(n == 0 && !id && !v && !d, "NULL ruleset gave values");
    } else {
        FZ_CHECK(id && v && d && strlen(d) == 71, "ruleset strings");
    }
    size_t index = (a & 0x04) ? n : (a & 0x08) ? (size_t)-1 : (a >> 4) % (n + 1);
    classify_detector_info info = CLASSIFY_DETECTOR_INFO_INIT;
    int small = (a & 0xF0) == 0xF0;
    if (small) info.struct_size = 4;
    int rc = classify_ruleset_detector(rs, index, (a & 0x01) && (a & 0x40) ? NULL : &info);
    allowed al = {{0}, 0};
    if (!rs || ((a & 0x01) && (a & 0x40))) allow(&al, CLASSIFY_E_INVALID);
    else if (index >= n) { allow(&al, CLASSIFY_DONE); if (small) allow(&al, CLASSIFY_E_VERSION); }
    else allow(&al, small ? CLASSIFY_E_VERSION : CLASSIFY_OK);
    expect("ruleset_detector", rc, &al);
    if (rc == CLASSIFY_OK) FZ_CHECK(info.id && info.type && info.category && info.description, "detector info");
}

static void op_misc(stream *s) {
    uint8_t a = next(s), b = next(s);
    unsigned char storage[8192];
    size_t size;
    switch (a % 6) {
    case 0: { /* options init, every size class */
        size = (b & 0x80) ? (size_t)(b & 0x7F) * 40 : (b & 0x3F);
        int rc = classify_open_options_init((a & 0x40) ? NULL : (classify_open_options *)(void *)storage, size);
        allowed al = {{0}, 0};
        if (a & 0x40) allow(&al, CLASSIFY_E_INVALID);
        else if (size < sizeof(classify_open_options) || size > 4096) allow(&al, CLASSIFY_E_VERSION);
        else allow(&al, CLASSIFY_OK);
        expect("open_options_init", rc, &al);
        break;
    }
    case 1: {
        size = (b & 0x80) ? (size_t)(b & 0x7F) * 40 : (b & 0x3F);
        memset(storage, 0xEE, sizeof storage);
        int rc = classify_scan_options_init((a & 0x40) ? NULL : (classify_scan_options *)(void *)storage, size);
        allowed al = {{0}, 0};
        if (a & 0x40) allow(&al, CLASSIFY_E_INVALID);
        /* the first version of the struct ended before data_created */
        else if (size < offsetof(classify_scan_options, data_created) || size > 4096) allow(&al, CLASSIFY_E_VERSION);
        else allow(&al, CLASSIFY_OK);
        expect("scan_options_init", rc, &al);
        if (rc == CLASSIFY_OK) {
            const classify_scan_options *o = (const classify_scan_options *)(void *)storage;
            FZ_CHECK(o->struct_size == size && o->max_findings == 0 && o->cancel == NULL, "scan_options_init");
            FZ_CHECK(storage[size] == 0xEE, "scan_options_init wrote past struct_size");
        }
        break;
    }
    case 2: {
        int code = (int)(int8_t)b * ((a & 0x80) ? 1000 : 1);
        const char *str = classify_status_string(code);
        FZ_CHECK(str && str[0], "status_string(%d)", code);
        break;
    }
    case 3: {
        size_t i = (a & 0x80) ? (size_t)-1 - b : b % 16;
        const char *n = classify_builtin_pack_name(i);
        if (n) FZ_CHECK(n[0], "empty built-in name");
        break;
    }
    case 4:
        FZ_CHECK(classify_version_number() == CLASSIFY_VERSION_NUMBER, "version number");
        FZ_CHECK(strcmp(classify_version_string(), CLASSIFY_VERSION_STRING) == 0, "version string");
        break;
    default:
        FZ_CHECK(classify_error_status(NULL) == CLASSIFY_E_INVALID, "error_status(NULL)");
        FZ_CHECK(classify_error_message(NULL) && classify_error_message(NULL)[0] == 0, "error_message(NULL)");
        FZ_CHECK(!classify_error_pack(NULL) && !classify_error_json_pointer(NULL) && !classify_error_detector(NULL),
                 "error strings(NULL)");
        FZ_CHECK(classify_error_line(NULL) == 0 && classify_error_column(NULL) == 0 && classify_error_offset(NULL) == -1,
                 "error numbers(NULL)");
        classify_error_free(NULL);
        classify_ruleset_free(NULL);
        classify_scanner_free(NULL);
        break;
    }
}

/* =======================================================================================
 * The newer parts of the ABI: engines, streams, records, profiles, redaction, summaries.
 * ======================================================================================= */

/* CLASSIFY_FUZZ_SKIP_KNOWN=1 (set by run_target.sh): do not report the known, still open
   bugs listed in tests/fuzz-regressions/README.md, so that fuzzing finds others. */
static int skip_known(void) {
    const char *v = getenv("CLASSIFY_FUZZ_SKIP_KNOWN");
    return v && strcmp(v, "1") == 0;
}

/* Up to `want` bytes of the op stream as data. */
static size_t take(stream *s, size_t want, const uint8_t **out) {
    if (want > s->left) want = s->left;
    *out = s->p;
    s->p += want;
    s->left -= want;
    return want;
}

static uint16_t next16(stream *s) {
    uint16_t hi = next(s);
    return (uint16_t)(hi << 8 | next(s));
}

static void hits_add(hits *h, const classify_finding *f) {
    if (h->count == h->cap) {
        h->cap = h->cap ? 2 * h->cap : 16;
        hit *q = realloc(h->items, h->cap * sizeof(hit));
        if (!q) abort();
        h->items = q;
    }
    hit *x = &h->items[h->count++];
    x->start = f->start;
    x->end = f->end;
    x->detector = f->detector_index;
    x->flags = f->flags;
    x->confidence = f->confidence;
    snprintf(x->level, sizeof x->level, "%s", f->level ? f->level : "");
}

static void hits_collect(classify_scanner *sc, hits *h) {
    classify_finding f = CLASSIFY_FINDING_INIT;
    for (size_t i = 0; classify_scanner_finding(sc, i, &f) == CLASSIFY_OK; i++) hits_add(h, &f);
}

/* The index of the first difference, or -1 when equal. */
static long hits_diff(const hits *a, const hits *b) {
    size_t n = a->count < b->count ? a->count : b->count;
    for (size_t i = 0; i < n; i++) {
        const hit *x = &a->items[i], *y = &b->items[i];
        if (x->start != y->start || x->end != y->end || x->detector != y->detector || x->flags != y->flags ||
            x->confidence != y->confidence || strcmp(x->level, y->level) != 0)
            return (long)i;
    }
    return a->count == b->count ? -1 : (long)n;
}

static void check_empty(classify_scanner *sc, const char *call) {
    FZ_CHECK(classify_scanner_finding_count(sc) == 0, "%s failed but the scanner has findings", call);
    classify_decision d = CLASSIFY_DECISION_INIT;
    FZ_CHECK(classify_scanner_decision(sc, &d) == CLASSIFY_E_INVALID,
             "%s failed but the scanner still holds a result (a decision)", call);
}

/* Strict UTF-8 (no overlong forms, surrogates or code points past U+10FFFF). */
static int utf8_valid(const uint8_t *s, size_t n) {
    size_t i = 0;
    while (i < n) {
        uint8_t c = s[i];
        size_t k;
        uint32_t cp;
        if (c < 0x80) { i++; continue; }
        else if (c >= 0xC2 && c <= 0xDF) { k = 1; cp = c & 0x1F; }
        else if (c >= 0xE0 && c <= 0xEF) { k = 2; cp = c & 0x0F; }
        else if (c >= 0xF0 && c <= 0xF4) { k = 3; cp = c & 0x07; }
        else return 0;
        if (i + k >= n) return 0;
        for (size_t j = 1; j <= k; j++) {
            if ((s[i + j] & 0xC0) != 0x80) return 0;
            cp = cp << 6 | (s[i + j] & 0x3F);
        }
        if ((k == 2 && cp < 0x800) || (k == 3 && cp < 0x10000) || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        i += k + 1;
    }
    return 1;
}

/* "X.Y.Z" with numbers only: compares; *known = 0 for anything else. */
static int semver_cmp(const char *a, const char *b, int *known) {
    unsigned long x[3], y[3];
    char tail;
    *known = a && b && sscanf(a, "%lu.%lu.%lu%c", &x[0], &x[1], &x[2], &tail) == 3 &&
             sscanf(b, "%lu.%lu.%lu%c", &y[0], &y[1], &y[2], &tail) == 3;
    if (!*known) return 0;
    for (int i = 0; i < 3; i++)
        if (x[i] != y[i]) return x[i] < y[i] ? -1 : 1;
    return 0;
}

/* --- Scan options for the newer calls ------------------------------------------------- */

static const int64_t as_of_table[4] = {1700000000, 1798761600, 946684800, 4102444800};
static volatile int g_cancelled = 1;

static void scan_spec_decode(stream *s, scan_spec *sp) {
    uint8_t c = next(s);
    memset(sp, 0, sizeof *sp);
    classify_scan_options *o = &sp->o;
    o->struct_size = sizeof *o;
    o->as_of = as_of_table[c >> 6];
    switch (c % 8) {
    case 0: sp->null_opts = 1; break;
    case 1: break;
    case 2: o->min_confidence = ((c >> 3) & 7) / 7.0; break;
    case 3: o->max_findings = 1 + ((c >> 3) & 7); break;
    case 4: o->min_confidence = NAN; sp->bad = CLASSIFY_E_INVALID; break;
    case 5: o->reserved = 1; sp->bad = CLASSIFY_E_INVALID; break;
    case 6: o->struct_size = (c >> 3) & 7; sp->bad = CLASSIFY_E_VERSION; break;
    default: o->cancel = &g_cancelled; break; /* already cancelled: every call incomplete */
    }
}

static const classify_scan_options *scan_spec_ptr(const scan_spec *sp) { return sp->null_opts ? NULL : &sp->o; }

/* --- Redaction options ------------------------------------------------------------------ */

static const uint8_t fixed_key[33] = "0123456789abcdef0123456789abcdef"; /* 32 bytes used */

static void detector_strings(const classify_ruleset *rs, size_t i, const char **id, const char **type) {
    classify_detector_info info = CLASSIFY_DETECTOR_INFO_INIT;
    *id = *type = NULL;
    if (rs && classify_ruleset_detector(rs, i, &info) == CLASSIFY_OK) {
        *id = info.id;
        *type = info.type;
    }
}

static void redact_spec_decode(stream *s, const classify_ruleset *rs, redact_spec *r) {
    memset(r, 0, sizeof *r);
    uint8_t a = next(s), b = next(s), c = next(s);
    if ((a & 0x1F) == 0x1F) {
        r->null_opts = 1;
        return;
    }
    switch (a & 7) {
    case 5: r->mode = 5 + (b & 0x0F); break; /* unknown */
    case 6: r->mode = CLASSIFY_REDACT_HASH; break;
    case 7: r->mode = CLASSIFY_REDACT_TYPE; break;
    default: r->mode = a & 7; break;
    }
    switch ((a >> 3) & 3) {
    case 0: r->keep = 0; break;
    case 1: r->keep = 1 + b % CLASSIFY_LIMIT_REDACT_KEEP; break;
    case 2: r->keep = CLASSIFY_REDACT_KEEP_NONE; break;
    default: r->keep = CLASSIFY_LIMIT_REDACT_KEEP + 1 + b; break; /* too many */
    }
    switch (b & 3) {
    case 0: r->mask_char = 0; break;
    case 1: r->mask_char = '#'; break;
    case 2: r->mask_char = 'x'; break;
    default: r->mask_char = (uint32_t)(b >> 2); break; /* any ASCII, controls too */
    }
    switch ((a >> 5) & 7) {
    case 3: r->size_sel = 1; break;
    case 4: r->size_sel = 2; break;
    case 5: r->size_sel = 3; break;
    case 6: r->reserved = 1u + b; break;
    case 7: r->mask_char = 0x80u | b; break;
    default: break;
    }
    switch (c & 3) {
    case 0: break;
    case 1: memcpy(r->key, fixed_key, 32); r->key_len = 32; break;
    case 2: {
        const uint8_t *k;
        r->key_len = take(s, next(s) % 33, &k);
        memcpy(r->key, k, r->key_len);
        break;
    }
    default: r->key_null_with_len = 1; r->key_len = 1 + (c >> 4); break;
    }
    r->nrules = (c >> 2) & 3;
    r->rule_size_sel = (c >> 4) & 3;
    r->rules_null = r->nrules > 0 && (c & 0xC0) == 0xC0;
    size_t ndet = classify_ruleset_detector_count(rs);
    for (int i = 0; i < r->nrules; i++) {
        uint8_t d = next(s), e = next(s);
        const char *id = NULL, *type = NULL;
        if (ndet) detector_strings(rs, e % ndet, &id, &type);
        const char *t;
        switch (d & 7) {
        case 0: case 1: t = id ? id : "no_such_detector"; break;
        case 2: case 3: t = type ? type : "NO_SUCH_TYPE"; break;
        case 4: t = "NO_SUCH_TARGET"; break;
        case 5: t = ""; break;
        case 6: t = "CREDIT_CARD"; break;
        default: t = NULL; r->rule[i].target_null = 1; break;
        }
        if (t) snprintf(r->rule[i].target, sizeof r->rule[i].target, "%s", t);
        switch ((d >> 3) & 7) {
        case 5: r->rule[i].mode = 9; break;
        case 6: r->rule[i].mode = CLASSIFY_REDACT_HASH; break;
        case 7: r->rule[i].mode = CLASSIFY_REDACT_REMOVE; break;
        default: r->rule[i].mode = (d >> 3) & 7; break;
        }
        switch (d >> 6) {
        case 0: r->rule[i].keep = 0; break;
        case 1: r->rule[i].keep = 2; break;
        case 2: r->rule[i].keep = CLASSIFY_REDACT_KEEP_NONE; break;
        default: r->rule[i].keep = CLASSIFY_LIMIT_REDACT_KEEP + 1; break;
        }
    }
}

#define REDACT_OPTS_BYTES 512
#define REDACT_RULES_BYTES 512

/* The C options of a spec, in caller storage (NULL for null_opts). */
static const classify_redact_options *redact_build(const redact_spec *r, unsigned char *opts, unsigned char *rules) {
    if (r->null_opts) return NULL;
    memset(opts, 0, REDACT_OPTS_BYTES);
    memset(rules, 0, REDACT_RULES_BYTES);
    classify_redact_options *o = (classify_redact_options *)(void *)opts;
    o->struct_size = r->size_sel == 1 ? 2 * sizeof(size_t) : r->size_sel >= 2 ? sizeof *o + 16 : sizeof *o;
    if (r->size_sel == 3) opts[sizeof *o + 5] = 1;
    o->mode = r->mode;
    o->keep = r->keep;
    o->mask_char = r->mask_char;
    o->reserved = r->reserved;
    if (r->key_null_with_len) {
        o->key = NULL;
        o->key_len = r->key_len;
    } else {
        o->key = r->key; /* not NULL, also with key_len 0 */
        o->key_len = r->key_len;
    }
    size_t stride = sizeof(classify_redact_rule) + (r->rule_size_sel == 2 ? 16 : 0);
    for (int i = 0; i < r->nrules; i++) {
        classify_redact_rule *ru = (classify_redact_rule *)(void *)(rules + (size_t)i * stride);
        ru->struct_size = stride;
        ru->target = r->rule[i].target_null ? NULL : r->rule[i].target;
        ru->mode = r->rule[i].mode;
        ru->keep = r->rule[i].keep;
    }
    if (r->nrules > 0 && r->rule_size_sel == 1) ((classify_redact_rule *)(void *)rules)->struct_size = sizeof(size_t);
    if (r->nrules > 1 && r->rule_size_sel == 3)
        ((classify_redact_rule *)(void *)(rules + stride))->struct_size = stride + 8;
    o->rules = r->rules_null ? NULL : (const classify_redact_rule *)(void *)rules;
    o->rule_count = (size_t)r->nrules;
    return o;
}

static int keep_valid(uint32_t k) { return k == 0 || k == CLASSIFY_REDACT_KEEP_NONE || k <= CLASSIFY_LIMIT_REDACT_KEEP; }

/* A detector's mode under the rules: the last rule for that target, unless it leaves the
   mode to the next in line. */
static uint32_t rule_mode(const redact_spec *r, const char *target) {
    if (!target) return 0;
    for (int i = r->nrules - 1; i >= 0; i--)
        if (!r->rule[i].target_null && strcmp(r->rule[i].target, target) == 0) return r->rule[i].mode;
    return 0;
}

/* The pack's own redaction: only small_pack_v2 ("api" 2.0.0) has one. */
static uint32_t pack_mode(const classify_ruleset *rs, const char *id) {
    const char *pid = classify_ruleset_id(rs), *ver = classify_ruleset_version(rs);
    if (!pid || !ver || strcmp(pid, "api") != 0 || strcmp(ver, "2.0.0") != 0 || !id) return 0;
    if (strcmp(id, "mail") == 0) return CLASSIFY_REDACT_HASH;
    if (strcmp(id, "card") == 0) return CLASSIFY_REDACT_MASK;
    return 0;
}

/* Adds the statuses a spec must give (nothing when it is valid). */
static void redact_expect(allowed *al, const redact_spec *r, const classify_ruleset *rs) {
    int bad = 0;
    if (!r->null_opts) {
        if (r->size_sel == 1 || r->size_sel == 3) { allow(al, CLASSIFY_E_VERSION); bad = 1; }
        if (r->reserved || r->mask_char >= 0x80 || r->key_null_with_len || r->mode > CLASSIFY_REDACT_REMOVE ||
            !keep_valid(r->keep)) {
            allow(al, CLASSIFY_E_INVALID);
            bad = 1;
        }
        if (r->nrules > 0) {
            if (r->rules_null) { allow(al, CLASSIFY_E_INVALID); bad = 1; }
            else {
                if (r->rule_size_sel == 1 || (r->rule_size_sel == 3 && r->nrules > 1)) {
                    allow(al, CLASSIFY_E_VERSION);
                    bad = 1;
                }
                for (int i = 0; i < r->nrules; i++)
                    if (r->rule[i].target_null || r->rule[i].mode > CLASSIFY_REDACT_REMOVE || !keep_valid(r->rule[i].keep)) {
                        allow(al, CLASSIFY_E_INVALID);
                        bad = 1;
                    }
            }
        }
    }
    if (bad || !rs) return;
    /* A detector redacted with HASH needs a key. */
    int have_key = !r->null_opts && r->key_len > 0;
    if (have_key) return;
    size_t n = classify_ruleset_detector_count(rs);
    for (size_t i = 0; i < n; i++) {
        const char *id, *type;
        detector_strings(rs, i, &id, &type);
        uint32_t mode = 0;
        if (!r->null_opts) {
            mode = rule_mode(r, id);
            if (!mode) mode = rule_mode(r, type);
            if (!mode) mode = r->mode;
        }
        if (!mode) mode = pack_mode(rs, id);
        if (mode == CLASSIFY_REDACT_HASH) {
            allow(al, CLASSIFY_E_INVALID);
            return;
        }
    }
}

/* No finding (8 bytes or more, occurring once in the input) appears whole in a redacted
   copy of a complete scan: mask keeps at most half of a value, the other modes none. */
static void check_redacted_no_leak(classify_scanner *sc, const uint8_t *data, size_t len, const uint8_t *copy,
                                   size_t copy_len, uint8_t mask_char, const char *what) {
    classify_finding f = CLASSIFY_FINDING_INIT;
    for (size_t i = 0; classify_scanner_finding(sc, i, &f) == CLASSIFY_OK; i++) {
        size_t vlen = (size_t)(f.end - f.start);
        if (vlen < 8 || f.end > len) continue;
        const uint8_t *v = data + f.start;
        /* A value made of the mask character masks to itself ("0000000000000000", a valid
           Luhn number, masked with '0'). */
        if (memchr(v, mask_char, vlen)) continue;
        /* Elsewhere in the input, the same bytes may be no finding (context) and stay. */
        if (fz_contains((const char *)data, (size_t)f.start + vlen - 1, v, vlen) ||
            fz_contains((const char *)data + f.start + 1, len - (size_t)f.start - 1, v, vlen))
            continue;
        FZ_CHECK(!fz_contains((const char *)copy, copy_len, v, vlen),
                 "%s: finding %zu (%s [%llu,%llu), %zu bytes) appears whole in the redacted copy", what, i,
                 f.detector, (unsigned long long)f.start, (unsigned long long)f.end, vlen);
    }
}

/* classify_scanner_redacted() and classify_scanner_redacted_copy() on what the scanner
   holds: `has` whether it holds a result; `expect_empty` for results without a copy. */
static void check_redacted_api(classify_scanner *sc, stream *s, int has, int expect_empty) {
    uint8_t sel = next(s);
    const void *p = NULL;
    size_t plen = 12345;
    int rc = classify_scanner_redacted((sel & 0x80) ? NULL : sc, (sel & 0x40) ? NULL : &p, &plen);
    allowed al = {{0}, 0};
    allow(&al, (!sc || (sel & 0xC0) || !has) ? CLASSIFY_E_INVALID : CLASSIFY_OK);
    expect("scanner_redacted", rc, &al);
    rc = classify_scanner_redacted(sc, &p, NULL);
    al.n = 0;
    allow(&al, CLASSIFY_E_INVALID);
    expect("scanner_redacted(len=NULL)", rc, &al);
    if (!sc || !has) {
        size_t need = 0;
        al.n = 0;
        allow(&al, CLASSIFY_E_INVALID);
        expect("scanner_redacted_copy(no result)", classify_scanner_redacted_copy(sc, NULL, 0, &need), &al);
        return;
    }
    FZ_CHECK(classify_scanner_redacted(sc, &p, &plen) == CLASSIFY_OK, "scanner_redacted");
    FZ_CHECK(plen == 0 || p != NULL, "redacted copy of %zu bytes at NULL", plen);
    if (expect_empty) FZ_CHECK(plen == 0, "a result without a redacted copy has one of %zu bytes", plen);
    /* Into caller buffers of chosen sizes, each exactly as large as declared (ASan sees a
       write past it), filled with a pattern that must stay where nothing is copied. */
    size_t need = 0, cap;
    uint8_t *buf = NULL;
    int want;
    switch (sel % 6) {
    case 0: cap = 0; want = plen == 0 ? CLASSIFY_OK : CLASSIFY_E_LIMIT; break;
    case 1: cap = plen > (size_t)(1 + (sel >> 3) % 4) ? plen - 1 - (sel >> 3) % 4 : 0; want = cap < plen ? CLASSIFY_E_LIMIT : CLASSIFY_OK; break;
    case 2: cap = plen; want = CLASSIFY_OK; break;
    case 3: cap = plen + 1 + (sel >> 3) % 8; want = CLASSIFY_OK; break;
    case 4: cap = 1 + (sel >> 3) % 8; want = CLASSIFY_E_INVALID; break; /* buf NULL with cap > 0 */
    default: cap = plen; want = CLASSIFY_E_INVALID; break;              /* len NULL */
    }
    if (sel % 6 != 4 && (cap > 0 || (sel & 0x20))) {
        buf = malloc(cap ? cap : 1);
        if (!buf) abort();
        memset(buf, 0xC3, cap);
    }
    rc = classify_scanner_redacted_copy(sc, buf, cap, sel % 6 == 5 ? NULL : &need);
    al.n = 0;
    allow(&al, want);
    expect("scanner_redacted_copy", rc, &al);
    if (sel % 6 != 5 && rc != CLASSIFY_E_INVALID) FZ_CHECK(need == plen, "redacted_copy: len %zu, copy %zu", need, plen);
    if (buf) {
        if (rc == CLASSIFY_OK) {
            FZ_CHECK(plen == 0 || memcmp(buf, p, plen) == 0, "redacted_copy differs from redacted");
            for (size_t i = plen; i < cap; i++) FZ_CHECK(buf[i] == 0xC3, "redacted_copy wrote past the copy at %zu", i);
        } else {
            for (size_t i = 0; i < cap; i++) FZ_CHECK(buf[i] == 0xC3, "redacted_copy failed with %d but wrote at %zu", rc, i);
        }
    }
    free(buf);
}

/* --- Records ---------------------------------------------------------------------------- */

#define MAX_FIELDS 6
#define FIELD_STRIDE_MAX (sizeof(classify_field) + 16)

typedef struct {
    size_t n;                  /* the count passed */
    int fields_null;           /* fields NULL (with that count) */
    int size_sel;              /* 0 exact, 1 larger, 2 non-zero tail, 3 too small, 4 sizes differ */
    int null_with_len;         /* a name or value NULL with a length */
    const uint8_t *name[MAX_FIELDS], *value[MAX_FIELDS];
    size_t name_len[MAX_FIELDS], value_len[MAX_FIELDS];
    _Alignas(16) unsigned char raw[MAX_FIELDS * FIELD_STRIDE_MAX];
} record_spec;

static const char *const field_names[8] = {"customer.ssn", "email", "card", "note",
                                           "build.version", "user.mail", "iban", "client_ip"};
static const char *const field_values[8] = {"536228726", "jane.doe@example.com", "4111 1111 1111 1111", "10.2.3.4",
                                            "DE89370400440532013000", "tok_abcdefgh", "mail a.b@example.com",
                                            "4111111111111111"};

static void record_decode(stream *s, record_spec *r) {
    uint8_t a = next(s);
    memset(r, 0, offsetof(record_spec, raw));
    r->n = a % (MAX_FIELDS + 1);
    switch ((a >> 3) & 7) {
    case 4: r->size_sel = 1; break;
    case 5: r->size_sel = 2; break;
    case 6: r->size_sel = 3; break;
    case 7: r->size_sel = 4; break;
    default: r->size_sel = 0; break;
    }
    r->fields_null = (a & 0xC0) == 0xC0;
    for (size_t i = 0; i < r->n; i++) {
        uint8_t b = next(s), c = next(s);
        switch (b & 3) {
        case 0: r->name[i] = (const uint8_t *)field_names[(b >> 2) & 7]; r->name_len[i] = strlen(field_names[(b >> 2) & 7]); break;
        case 1: case 2: r->name_len[i] = take(s, next(s) % 16, &r->name[i]); break;
        default:
            if (((b >> 2) & 7) == 7) { r->name[i] = NULL; r->name_len[i] = 1 + (b >> 5); r->null_with_len = 1; }
            else { r->name[i] = NULL; r->name_len[i] = 0; }
            break;
        }
        switch (c & 3) {
        case 0: r->value[i] = (const uint8_t *)field_values[(c >> 2) & 7]; r->value_len[i] = strlen(field_values[(c >> 2) & 7]); break;
        case 1: case 2: r->value_len[i] = take(s, next(s) % 64, &r->value[i]); break;
        default:
            if (((c >> 2) & 15) == 15) { r->value[i] = NULL; r->value_len[i] = 1 + (c >> 6); r->null_with_len = 1; }
            else { r->value[i] = NULL; r->value_len[i] = 0; }
            break;
        }
    }
    /* The array, each element at the stride its first struct_size declares. */
    size_t stride = sizeof(classify_field) + (r->size_sel == 1 || r->size_sel == 2 ? 16 : 0);
    memset(r->raw, 0, sizeof r->raw);
    for (size_t i = 0; i < r->n; i++) {
        classify_field *f = (classify_field *)(void *)(r->raw + i * stride);
        f->struct_size = stride;
        f->name = (const char *)r->name[i];
        f->name_len = r->name_len[i];
        f->value = r->value[i];
        f->value_len = r->value_len[i];
    }
    if (r->n > 0 && r->size_sel == 2) r->raw[sizeof(classify_field) + 3] = 1;
    if (r->n > 0 && r->size_sel == 3) ((classify_field *)(void *)r->raw)->struct_size = sizeof(size_t);
    if (r->n > 1 && r->size_sel == 4) ((classify_field *)(void *)(r->raw + stride))->struct_size = stride + 8;
}

static const classify_field *record_fields(const record_spec *r) {
    return r->fields_null ? NULL : (const classify_field *)(const void *)r->raw;
}

static void record_expect(allowed *al, const record_spec *r) {
    if (r->n == 0) return;
    if (r->fields_null) { allow(al, CLASSIFY_E_INVALID); return; }
    if (r->size_sel == 2 || r->size_sel == 3 || (r->size_sel == 4 && r->n > 1)) allow(al, CLASSIFY_E_VERSION);
    if (r->null_with_len) allow(al, CLASSIFY_E_INVALID);
}

/* Whether `field` (a finding's) is the NUL-terminated UTF-8 copy of field j's name. */
static int field_name_matches(const char *field, const record_spec *r, size_t j) {
    size_t n = 0;
    while (n < r->name_len[j] && r->name[j][n] != 0) n++;
    if (utf8_valid(r->name[j], n)) return strlen(field) == n && (n == 0 || memcmp(field, r->name[j], n) == 0);
    return 1; /* invalid sequences become U+FFFD: any valid UTF-8 will do */
}

/* The result of a record scan: every finding inside a value of a field whose name it
   carries, ordered by field, then by (start, end); the decision; the result JSON naming
   fields and holding no value bytes. */
static void check_record_result(classify_scanner *sc, const classify_ruleset *rs, const record_spec *r, int rc) {
    FZ_CHECK(rc == CLASSIFY_OK || rc == CLASSIFY_INCOMPLETE, "scan_record returned %d", rc);
    size_t n = classify_scanner_finding_count(sc), ndet = classify_ruleset_detector_count(rs);
    size_t field_of[64];
    size_t j = 0;
    uint64_t ps = 0, pe = 0;
    for (size_t i = 0; i < n; i++) {
        classify_finding f = CLASSIFY_FINDING_INIT;
        FZ_CHECK(classify_scanner_finding(sc, i, &f) == CLASSIFY_OK, "record finding %zu of %zu missing", i, n);
        FZ_CHECK(f.field != NULL, "record finding %zu has no field", i);
        FZ_CHECK(utf8_valid((const uint8_t *)f.field, strlen(f.field)), "record finding %zu: field is not UTF-8", i);
        FZ_CHECK(f.start < f.end, "record finding %zu: [%llu,%llu)", i, (unsigned long long)f.start, (unsigned long long)f.end);
        FZ_CHECK(f.detector && f.type && f.category && f.level, "record finding %zu lacks a string", i);
        FZ_CHECK(f.detector_index < ndet, "record finding %zu detector_index %u >= %zu", i, f.detector_index, ndet);
        FZ_CHECK(f.confidence >= 0.0 && f.confidence <= 1.0, "record finding %zu confidence %f", i, f.confidence);
        /* The first field from the current one on that can hold it. */
        size_t k = j;
        for (; k < r->n; k++) {
            if (!field_name_matches(f.field, r, k) || f.end > r->value_len[k]) continue;
            if (k == j && i > 0 && (f.start < ps || (f.start == ps && f.end < pe))) continue;
            break;
        }
        FZ_CHECK(k < r->n, "record finding %zu (%s [%llu,%llu) in \"%s\") fits no field in order", i, f.detector,
                 (unsigned long long)f.start, (unsigned long long)f.end, f.field);
        j = k;
        ps = f.start;
        pe = f.end;
        if (i < 64) field_of[i] = k;
    }
    classify_finding f = CLASSIFY_FINDING_INIT;
    FZ_CHECK(classify_scanner_finding(sc, n, &f) == CLASSIFY_DONE, "record finding past the end is not DONE");
    classify_decision d = CLASSIFY_DECISION_INIT;
    FZ_CHECK(classify_scanner_decision(sc, &d) == CLASSIFY_OK, "no decision after a record scan");
    FZ_CHECK(d.finding_count == n, "record decision counts %zu findings, scanner %zu", d.finding_count, n);
    FZ_CHECK((d.incomplete != 0) == (rc == CLASSIFY_INCOMPLETE), "record: incomplete 0x%x with status %d", d.incomplete, rc);
    const char *json = NULL;
    size_t jlen = 0;
    FZ_CHECK(classify_scanner_result_json(sc, &json, &jlen) == CLASSIFY_OK, "no record result JSON");
    FZ_CHECK(json && strlen(json) == jlen && jlen >= 2 && json[0] == '{' && json[jlen - 1] == '}', "record result JSON");
    if (n > 0) FZ_CHECK(strstr(json, "\"field\":") != NULL, "record result JSON names no field");
    char *copy = fz_blanked_json(json, jlen);
    for (size_t i = 0; i < n && i < 64; i++) {
        classify_scanner_finding(sc, i, &f);
        size_t vlen = (size_t)(f.end - f.start);
        if (vlen < 8) continue;
        const uint8_t *v = r->value[field_of[i]] + f.start;
        int in_name = 0;
        for (size_t k = 0; k < r->n && !in_name; k++)
            in_name = r->name[k] && fz_contains((const char *)r->name[k], r->name_len[k], v, vlen);
        if (!in_name)
            FZ_CHECK(!fz_contains(copy, jlen, v, vlen), "record finding %zu (%s, %zu bytes) appears in the result JSON", i,
                     f.detector, vlen);
    }
    free(copy);
}

static void op_scan_record(model *m, stream *s) {
    uint8_t a = next(s);
    int si = a & 1, ri = (a >> 1) & 1;
    classify_scanner *sc = (a & 0x04) ? NULL : m->sc[si];
    const classify_ruleset *rs = (a & 0x08) ? NULL : m->rs[ri];
    scan_spec sp;
    scan_spec_decode(s, &sp);
    record_spec r;
    record_decode(s, &r);
    int rc = classify_scanner_scan_record(sc, rs, record_fields(&r), r.n, scan_spec_ptr(&sp));
    allowed al = {{0}, 0};
    if (!sc || !rs) allow(&al, CLASSIFY_E_INVALID);
    if (sp.bad) allow(&al, sp.bad);
    record_expect(&al, &r);
    if (al.n == 0) {
        allow(&al, CLASSIFY_OK);
        allow(&al, CLASSIFY_INCOMPLETE);
    }
    allow(&al, CLASSIFY_E_NOMEM);
    expect("scanner_scan_record", rc, &al);
    if (!sc) return;
    if (rc >= 0) {
        check_record_result(sc, rs, &r, rc);
        result_new(m, si, KIND_RECORD, classify_scanner_finding_count(sc), 0);
    } else {
        result_gone(m, si);
        check_empty(sc, "scanner_scan_record");
    }
}

/* --- Column profiles -------------------------------------------------------------------- */

static void pf_append(uint8_t **buf, size_t *len, const uint8_t *v, size_t n) {
    if (*len + n + 2 > 8192) return;
    uint8_t *q = realloc(*buf, *len + n + 2);
    if (!q) abort();
    *buf = q;
    q[*len] = (uint8_t)(n >> 8);
    q[*len + 1] = (uint8_t)n;
    if (n) memcpy(q + *len + 2, v, n);
    *len += n + 2;
}

static void pf_reset(model *m) {
    classify_profile_free(m->pf);
    m->pf = NULL;
    m->pf_records = 0;
    free(m->pf_values);
    free(m->pf_names);
    m->pf_values = m->pf_names = NULL;
    m->pf_values_len = m->pf_names_len = 0;
}

static void op_profile_new(model *m, stream *s) {
    uint8_t a = next(s), b = next(s);
    pf_reset(m);
    if (a & 1) {
        classify_profile_free(NULL);
        return;
    }
    int out_null = (a & 0x06) == 0x06;
    int ri = (a >> 3) & 1;
    const classify_ruleset *rs = (a & 0x10) ? NULL : m->rs[ri];
    unsigned char storage[512];
    memset(storage, 0, sizeof storage);
    classify_profile_options *o = (classify_profile_options *)(void *)storage;
    o->struct_size = sizeof *o;
    const classify_profile_options *op = o;
    scan_spec sp;
    allowed al = {{0}, 0};
    switch (b % 8) {
    case 0: op = NULL; break;
    case 1: break;
    case 2: o->min_share = (b & 0x80) ? 1.0 : 0.25; break;
    case 3: o->min_share = 1.0 + (b >> 3) / 8.0 + 0.01; allow(&al, CLASSIFY_E_INVALID); break;
    case 4: o->min_share = (b & 0x80) ? NAN : INFINITY; allow(&al, CLASSIFY_E_INVALID); break;
    case 5: o->min_share = -0.125; allow(&al, CLASSIFY_E_INVALID); break;
    case 6:
        scan_spec_decode(s, &sp);
        o->scan = scan_spec_ptr(&sp);
        if (sp.bad) allow(&al, sp.bad);
        break;
    default:
        if (b & 0x80) o->struct_size = (b >> 3) & 15;
        else { o->struct_size = sizeof *o + 16; storage[sizeof *o + ((b >> 3) & 15)] = 1; }
        allow(&al, CLASSIFY_E_VERSION);
        break;
    }
    if (out_null || !rs) allow(&al, CLASSIFY_E_INVALID);
    if (al.n == 0) allow(&al, CLASSIFY_OK);
    allow(&al, CLASSIFY_E_NOMEM);
    int rc = classify_profile_new(out_null ? NULL : &m->pf, rs, op);
    expect("profile_new", rc, &al);
    if (!out_null) FZ_CHECK((rc == CLASSIFY_OK) == (m->pf != NULL), "profile_new: status %d, out %p", rc, (void *)m->pf);
    if (rc == CLASSIFY_OK) {
        m->pf_slot = ri;
        m->pf_epoch = m->rs_epoch[ri];
        FZ_CHECK(classify_profile_record_count(m->pf) == 0, "a new profile has records");
    }
}

static void op_profile_add(model *m, stream *s) {
    uint8_t a = next(s);
    classify_profile *p = (a & 0x80) ? NULL : m->pf;
    record_spec r;
    record_decode(s, &r);
    int rc = classify_profile_add_record(p, record_fields(&r), r.n);
    allowed al = {{0}, 0};
    if (!p) allow(&al, CLASSIFY_E_INVALID);
    record_expect(&al, &r);
    if (al.n == 0) allow(&al, CLASSIFY_OK);
    allow(&al, CLASSIFY_E_NOMEM);
    expect("profile_add_record", rc, &al);
    if (rc == CLASSIFY_OK) {
        m->pf_records++;
        /* What a scan of the record finds is sensitive: the profile must not show it. */
        for (size_t i = 0; i < r.n; i++)
            if (r.name[i]) pf_append(&m->pf_names, &m->pf_names_len, r.name[i], r.name_len[i]);
        const classify_ruleset *rs = m->rs[m->pf_slot];
        classify_scanner *tmp = NULL;
        if (rs && m->rs_epoch[m->pf_slot] == m->pf_epoch && classify_scanner_new(&tmp) == CLASSIFY_OK) {
            if (classify_scanner_scan_record(tmp, rs, record_fields(&r), r.n, NULL) >= 0) {
                classify_finding f = CLASSIFY_FINDING_INIT;
                size_t j = 0;
                for (size_t i = 0; classify_scanner_finding(tmp, i, &f) == CLASSIFY_OK; i++) {
                    size_t vlen = (size_t)(f.end - f.start);
                    /* its field: the first from j on with that name and room for it */
                    while (j < r.n && !(field_name_matches(f.field, &r, j) && f.end <= r.value_len[j])) j++;
                    if (j == r.n) break;
                    if (vlen >= 8) pf_append(&m->pf_values, &m->pf_values_len, r.value[j] + f.start, vlen);
                }
            }
            classify_scanner_free(tmp);
        }
    }
    if (m->pf)
        FZ_CHECK(classify_profile_record_count(m->pf) == m->pf_records, "profile record_count %llu, expected %llu",
                 (unsigned long long)classify_profile_record_count(m->pf), (unsigned long long)m->pf_records);
}

static void op_profile_result(model *m, stream *s) {
    uint8_t a = next(s);
    classify_profile *p = (a & 0x01) ? NULL : m->pf;
    const char *json = NULL;
    size_t len = 0;
    int rc = classify_profile_result_json(p, (a & 0x02) ? NULL : &json, (a & 0x04) ? NULL : &len);
    allowed al = {{0}, 0};
    allow(&al, (!p || (a & 0x02)) ? CLASSIFY_E_INVALID : CLASSIFY_OK);
    allow(&al, CLASSIFY_E_NOMEM);
    expect("profile_result_json", rc, &al);
    FZ_CHECK(classify_profile_record_count(NULL) == 0, "profile_record_count(NULL)");
    if (rc != CLASSIFY_OK || (a & 0x02)) return;
    FZ_CHECK(json != NULL, "profile JSON NULL");
    size_t jl = strlen(json);
    if (!(a & 0x04)) FZ_CHECK(jl == len, "profile JSON length %zu, strlen %zu", len, jl);
    FZ_CHECK(jl >= 2 && json[0] == '{' && json[jl - 1] == '}', "profile JSON is not an object");
    FZ_CHECK(strstr(json, "\"schema\":\"classify.profile/1\"") != NULL, "profile JSON schema");
    char want[64];
    snprintf(want, sizeof want, "\"records\":%llu", (unsigned long long)m->pf_records);
    FZ_CHECK(strstr(json, want) != NULL, "profile JSON lacks %s", want);
    char *copy = fz_blanked_json(json, jl);
    for (size_t i = 0; i + 2 <= m->pf_values_len;) {
        size_t vlen = (size_t)m->pf_values[i] << 8 | m->pf_values[i + 1];
        const uint8_t *v = m->pf_values + i + 2;
        int in_name = 0;
        for (size_t k = 0; k + 2 <= m->pf_names_len && !in_name;) {
            size_t nl = (size_t)m->pf_names[k] << 8 | m->pf_names[k + 1];
            in_name = fz_contains((const char *)m->pf_names + k + 2, nl, v, vlen);
            k += nl + 2;
        }
        if (!in_name) FZ_CHECK(!fz_contains(copy, jl, v, vlen), "a value of %zu bytes appears in the profile JSON", vlen);
        i += vlen + 2;
    }
    free(copy);
    /* Asked again without an add between: the same string. */
    const char *again = NULL;
    FZ_CHECK(classify_profile_result_json(p, &again, NULL) == CLASSIFY_OK && again && strcmp(again, json) == 0,
             "profile JSON changed without an add");
}

/* --- Streams ---------------------------------------------------------------------------- */

static void stream_reset(mstream *ms) {
    classify_stream_free(ms->st);
    free(ms->written);
    free(ms->found.items);
    free(ms->copy);
    memset(ms, 0, sizeof *ms);
}

static void op_stream_open(model *m, stream *s) {
    uint8_t a = next(s), b = next(s);
    int slot = a & 1, ri = (a >> 1) & 1;
    mstream *ms = &m->st[slot];
    stream_reset(ms);
    const classify_ruleset *rs = (a & 0x04) ? NULL : m->rs[ri];
    int out_null = (a & 0x18) == 0x18;
    unsigned char storage[512], ropts[REDACT_OPTS_BYTES], rrules[REDACT_RULES_BYTES];
    memset(storage, 0, sizeof storage);
    classify_stream_options *so = (classify_stream_options *)(void *)storage;
    so->struct_size = sizeof *so;
    const classify_stream_options *sop = so;
    allowed al = {{0}, 0};
    ms->scan.null_opts = 1;
    switch (b % 8) {
    case 0: sop = NULL; break;
    case 1: break;
    case 2: case 3: case 4:
        if (b % 8 != 3) {
            scan_spec_decode(s, &ms->scan);
            so->scan = scan_spec_ptr(&ms->scan);
            if (ms->scan.bad) allow(&al, ms->scan.bad);
        }
        if (b % 8 != 2) {
            redact_spec_decode(s, rs, &ms->redact);
            so->redact = redact_build(&ms->redact, ropts, rrules);
            ms->redacting = so->redact != NULL;
            redact_expect(&al, &ms->redact, rs);
        }
        break;
    case 5: so->struct_size = (b >> 3) % 16; allow(&al, CLASSIFY_E_VERSION); break;
    case 6: so->struct_size = sizeof *so + 16; break;
    default: so->struct_size = sizeof *so + 16; storage[sizeof *so + (b >> 3) % 16] = 1; allow(&al, CLASSIFY_E_VERSION); break;
    }
    if (out_null || !rs) allow(&al, CLASSIFY_E_INVALID);
    if (al.n == 0) allow(&al, CLASSIFY_OK);
    allow(&al, CLASSIFY_E_NOMEM);
    int rc = classify_stream_open(out_null ? NULL : &ms->st, rs, sop);
    expect("stream_open", rc, &al);
    if (!out_null) FZ_CHECK((rc == CLASSIFY_OK) == (ms->st != NULL), "stream_open: status %d, out %p", rc, (void *)ms->st);
    if (rc != CLASSIFY_OK) {
        stream_reset(ms);
        return;
    }
    ms->rs_slot = ri;
    ms->rs_epoch = m->rs_epoch[ri];
    ms->ndet = classify_ruleset_detector_count(rs);
    ms->written = malloc(STREAM_KEEP);
    if (!ms->written) abort();
    FZ_CHECK(classify_stream_offset(ms->st) == 0, "a new stream has an offset");
    FZ_CHECK(classify_ruleset_max_window(rs) > 0, "max_window of a ruleset is 0");
}

/* At the end of a stream: its findings and decision are those of one scan of the whole
   input (as Tests/CAPI/stream_test.c states it), and its redacted copy is the one
   classify_scanner_redact() makes of it - when nothing stopped early. */
static void stream_equivalence(model *m, mstream *ms, classify_scanner *sc) {
    if (ms->overflow || ms->incomplete) return;
    const classify_ruleset *rs = m->rs[ms->rs_slot];
    if (!rs || m->rs_epoch[ms->rs_slot] != ms->rs_epoch) return;
    classify_decision sd = CLASSIFY_DECISION_INIT;
    FZ_CHECK(classify_scanner_decision(sc, &sd) == CLASSIFY_OK, "no decision after stream_finish");
    classify_scanner *ref = NULL;
    if (classify_scanner_new(&ref) != CLASSIFY_OK) return;
    size_t len = (size_t)ms->offset;
    int rc = classify_scanner_scan(ref, rs, ms->written, len, scan_spec_ptr(&ms->scan));
    if (tracing()) fprintf(stderr, "api: stream equivalence: %zu bytes, %zu findings, whole scan %d\n", len, ms->found.count, rc);
    if (rc == CLASSIFY_OK) {
        hits whole = {0};
        hits_collect(ref, &whole);
        long d = hits_diff(&whole, &ms->found);
        if (d >= 0) {
            const hit *x = (size_t)d < whole.count ? &whole.items[d] : NULL;
            const hit *y = (size_t)d < ms->found.count ? &ms->found.items[d] : NULL;
            fz_fail("stream of %zu bytes: finding %ld differs from the whole scan: scan %zu findings, [%llu,%llu) det %d "
                    "flags %u conf %.17g level %s; stream %zu findings, [%llu,%llu) det %d flags %u conf %.17g level %s",
                    len, d, whole.count, x ? (unsigned long long)x->start : 0ull, x ? (unsigned long long)x->end : 0ull,
                    x ? (int)x->detector : -1, x ? x->flags : 0u, x ? x->confidence : 0.0, x ? x->level : "-",
                    ms->found.count, y ? (unsigned long long)y->start : 0ull, y ? (unsigned long long)y->end : 0ull,
                    y ? (int)y->detector : -1, y ? y->flags : 0u, y ? y->confidence : 0.0, y ? y->level : "-");
        }
        free(whole.items);
        classify_decision wd = CLASSIFY_DECISION_INIT;
        FZ_CHECK(classify_scanner_decision(ref, &wd) == CLASSIFY_OK, "no decision after a scan");
        FZ_CHECK(strcmp(wd.level, sd.level) == 0 && wd.needs_review == sd.needs_review && wd.incomplete == sd.incomplete &&
                     wd.framework_count == sd.framework_count && wd.finding_count == sd.finding_count &&
                     wd.confidence == sd.confidence,
                 "stream decision (%s, review %u, incomplete 0x%x, %zu frameworks, %zu findings, conf %.17g) differs from "
                 "the whole scan's (%s, review %u, incomplete 0x%x, %zu frameworks, %zu findings, conf %.17g)",
                 sd.level, sd.needs_review, sd.incomplete, sd.framework_count, sd.finding_count, sd.confidence, wd.level,
                 wd.needs_review, wd.incomplete, wd.framework_count, wd.finding_count, wd.confidence);
    }
    if (ms->redacting) {
        unsigned char ropts[REDACT_OPTS_BYTES], rrules[REDACT_RULES_BYTES];
        rc = classify_scanner_redact(ref, rs, ms->written, len, redact_build(&ms->redact, ropts, rrules),
                                     scan_spec_ptr(&ms->scan));
        if (rc == CLASSIFY_OK) {
            const void *p = NULL;
            size_t n = 0;
            FZ_CHECK(classify_scanner_redacted(ref, &p, &n) == CLASSIFY_OK, "scanner_redacted after redact");
            FZ_CHECK(n == ms->copy_len && (n == 0 || memcmp(p, ms->copy, n) == 0),
                     "a redacting stream's copy (%zu bytes) differs from classify_scanner_redact's (%zu bytes)",
                     ms->copy_len, n);
        }
    }
    classify_scanner_free(ref);
}

/* After a failed call the scanner holds an empty result. `known`: the call is one of the
   open bugs of tests/fuzz-regressions/README.md, where the scanner keeps its result; with
   CLASSIFY_FUZZ_SKIP_KNOWN=1 that is tolerated (and the model follows the scanner). */
static void known_or_empty(model *m, int si, classify_scanner *sc, const char *call, int known) {
    if (known && skip_known()) {
        classify_decision d = CLASSIFY_DECISION_INIT;
        if (classify_scanner_decision(sc, &d) == CLASSIFY_OK) return; /* kept: the model stays */
    }
    result_gone(m, si);
    check_empty(sc, call);
}

/* One write (or the finish) and everything a stream call promises. */
static void stream_call(model *m, int slot, classify_stream *st, classify_scanner *sc, int si, const uint8_t *data,
                        size_t n, int finish) {
    mstream *ms = &m->st[slot];
    const char *call = finish ? "stream_finish" : "stream_write";
    int rc = finish ? classify_stream_finish(st, sc) : classify_stream_write(st, sc, data, n);
    allowed al = {{0}, 0};
    if (!st || !sc || (!finish && !data && n > 0) || ms->finished) {
        allow(&al, CLASSIFY_E_INVALID);
    } else {
        allow(&al, CLASSIFY_OK);
        allow(&al, CLASSIFY_INCOMPLETE);
    }
    allow(&al, CLASSIFY_E_NOMEM);
    expect(call, rc, &al);
    if (rc < 0) {
        if (st) FZ_CHECK(classify_stream_offset(st) == ms->offset, "%s failed but moved the stream", call);
        if (sc) known_or_empty(m, si, sc, call, !st);
        return;
    }
    if (!finish) {
        if (!ms->overflow && ms->offset + n <= STREAM_KEEP) {
            if (n) memcpy(ms->written + ms->offset, data, n);
        } else {
            ms->overflow = 1;
        }
        ms->offset += n;
    }
    FZ_CHECK(classify_stream_offset(st) == ms->offset, "stream_offset %llu, written %llu",
             (unsigned long long)classify_stream_offset(st), (unsigned long long)ms->offset);
    if (rc == CLASSIFY_INCOMPLETE) ms->incomplete = 1;
    size_t count = classify_scanner_finding_count(sc);
    for (size_t i = 0; i < count; i++) {
        classify_finding f = CLASSIFY_FINDING_INIT;
        FZ_CHECK(classify_scanner_finding(sc, i, &f) == CLASSIFY_OK, "%s: finding %zu of %zu missing", call, i, count);
        FZ_CHECK(f.start < f.end && f.end <= ms->offset, "%s: finding [%llu,%llu) outside the %llu bytes written", call,
                 (unsigned long long)f.start, (unsigned long long)f.end, (unsigned long long)ms->offset);
        FZ_CHECK(f.field == NULL && f.detector && f.type && f.category && f.level, "%s: finding %zu strings", call, i);
        FZ_CHECK(f.detector_index < ms->ndet, "%s: detector_index %u >= %zu", call, f.detector_index, ms->ndet);
        FZ_CHECK(f.confidence >= 0.0 && f.confidence <= 1.0, "%s: confidence %f", call, f.confidence);
        if (ms->found.count > 0) {
            const hit *prev = &ms->found.items[ms->found.count - 1];
            FZ_CHECK(f.start > prev->start || (f.start == prev->start && f.end >= prev->end),
                     "%s: finding [%llu,%llu) reported after [%llu,%llu): not in the order of a scan", call,
                     (unsigned long long)f.start, (unsigned long long)f.end, (unsigned long long)prev->start,
                     (unsigned long long)prev->end);
        }
        hits_add(&ms->found, &f);
    }
    classify_decision d = CLASSIFY_DECISION_INIT;
    FZ_CHECK(classify_scanner_decision(sc, &d) == CLASSIFY_OK, "%s: no decision", call);
    FZ_CHECK(d.finding_count == ms->found.count, "%s: decision counts %zu findings, the stream reported %zu", call,
             d.finding_count, ms->found.count);
    FZ_CHECK((d.incomplete != 0) == (rc == CLASSIFY_INCOMPLETE), "%s: incomplete 0x%x with status %d", call, d.incomplete, rc);
    FZ_CHECK(d.level && d.pack_id && d.pack_version && d.pack_digest, "%s: decision strings", call);
    const char *json = NULL;
    size_t jlen = 0;
    FZ_CHECK(classify_scanner_result_json(sc, &json, &jlen) == CLASSIFY_OK, "%s: no result JSON", call);
    FZ_CHECK(json && strlen(json) == jlen && json[0] == '{' && strstr(json, "\"source\":\"stream\""), "%s: result JSON", call);
    if (!ms->overflow) {
        char *copy = fz_blanked_json(json, jlen);
        for (size_t i = 0; i < count; i++) {
            classify_finding f = CLASSIFY_FINDING_INIT;
            classify_scanner_finding(sc, i, &f);
            size_t vlen = (size_t)(f.end - f.start);
            if (vlen >= 8)
                FZ_CHECK(!fz_contains(copy, jlen, ms->written + f.start, vlen), "%s: finding %zu appears in the result JSON",
                         call, i);
        }
        free(copy);
    }
    const void *p = NULL;
    size_t plen = 0;
    FZ_CHECK(classify_scanner_redacted(sc, &p, &plen) == CLASSIFY_OK, "%s: scanner_redacted", call);
    if (!ms->redacting) {
        FZ_CHECK(plen == 0, "%s: a stream without redaction gave %zu bytes of a copy", call, plen);
    } else if (plen) {
        if (ms->copy_len + plen > ms->copy_cap) {
            ms->copy_cap = (ms->copy_len + plen) * 2;
            uint8_t *q = realloc(ms->copy, ms->copy_cap);
            if (!q) abort();
            ms->copy = q;
        }
        memcpy(ms->copy + ms->copy_len, p, plen);
        ms->copy_len += plen;
    }
    result_new(m, si, KIND_STREAM, ms->found.count, 0);
    if (finish) {
        ms->finished = 1;
        if (rc == CLASSIFY_OK) stream_equivalence(m, ms, sc);
    }
}

static void op_stream_write(model *m, stream *s) {
    uint8_t a = next(s), b = next(s), c = next(s);
    int slot = a & 1, si = (a >> 1) & 1;
    mstream *ms = &m->st[slot];
    classify_stream *st = (a & 0x04) ? NULL : ms->st;
    classify_scanner *sc = (a & 0x08) ? NULL : m->sc[si];
    if ((a & 0x30) == 0x30) { /* NULL data, with or without a length */
        stream_call(m, slot, st, sc, si, NULL, b % 3, 0);
        return;
    }
    const uint8_t *data;
    size_t len = take(s, (b & 0x80) ? (size_t)(b & 0x7F) * 8 : b, &data);
    /* In pieces of c bytes (0: at once), as a reader loop would write them. */
    size_t chunk = c ? c : (len ? len : 1), at = 0;
    do {
        size_t n = len - at < chunk ? len - at : chunk;
        stream_call(m, slot, st, sc, si, data + at, n, 0);
        at += n;
    } while (at < len);
}

static void op_stream_finish(model *m, stream *s) {
    uint8_t a = next(s);
    int slot = a & 1, si = (a >> 1) & 1;
    classify_stream *st = (a & 0x04) ? NULL : m->st[slot].st;
    classify_scanner *sc = (a & 0x08) ? NULL : m->sc[si];
    stream_call(m, slot, st, sc, si, NULL, 0, 1);
}

static void op_stream_misc(model *m, stream *s) {
    uint8_t a = next(s);
    mstream *ms = &m->st[a & 1];
    switch ((a >> 1) % 3) {
    case 0: stream_reset(ms); break; /* free it, finished or not */
    case 1:
        FZ_CHECK(classify_stream_offset(ms->st) == ms->offset, "stream_offset");
        FZ_CHECK(classify_stream_offset(NULL) == 0, "stream_offset(NULL)");
        classify_stream_free(NULL);
        break;
    default: {
        const classify_ruleset *rs = m->rs[(a >> 3) & 1];
        uint64_t w = classify_ruleset_max_window(rs);
        FZ_CHECK(rs ? w > 0 : w == 0, "max_window %llu", (unsigned long long)w);
        FZ_CHECK(classify_ruleset_max_window(NULL) == 0, "max_window(NULL)");
        break;
    }
    }
}

/* --- Redaction -------------------------------------------------------------------------- */

static void op_redact(model *m, stream *s) {
    uint8_t a = next(s), b = next(s);
    int si = a & 1, ri = (a >> 1) & 1;
    classify_scanner *sc = (a & 0x04) ? NULL : m->sc[si];
    const classify_ruleset *rs = (a & 0x08) ? NULL : m->rs[ri];
    scan_spec sp;
    scan_spec_decode(s, &sp);
    redact_spec r;
    redact_spec_decode(s, rs, &r);
    unsigned char ropts[REDACT_OPTS_BYTES], rrules[REDACT_RULES_BYTES];
    const classify_redact_options *ro = redact_build(&r, ropts, rrules);
    const uint8_t *data = NULL;
    size_t len;
    int bad_data = 0;
    if ((a & 0x30) == 0x30) {
        len = b % 3;
        bad_data = len > 0;
    } else {
        len = take(s, (b & 0x80) ? (size_t)(b & 0x7F) * 4 : b % 128, &data);
    }
    int rc = classify_scanner_redact(sc, rs, data, len, ro, scan_spec_ptr(&sp));
    allowed al = {{0}, 0};
    if (!sc || !rs || bad_data) allow(&al, CLASSIFY_E_INVALID);
    if (sp.bad) allow(&al, sp.bad);
    redact_expect(&al, &r, rs);
    if (al.n == 0) {
        allow(&al, CLASSIFY_OK);
        allow(&al, CLASSIFY_INCOMPLETE);
    }
    allow(&al, CLASSIFY_E_NOMEM);
    expect("scanner_redact", rc, &al);
    if (!sc) return;
    if (rc < 0) {
        result_gone(m, si);
        check_empty(sc, "scanner_redact");
        check_redacted_api(sc, s, 0, 0);
        return;
    }
    size_t n = fz_check_result(sc, rs, len, rc);
    result_new(m, si, KIND_REDACT, n, 0);
    keep_data(m, si, data, len);
    const void *p = NULL;
    size_t plen = 0;
    FZ_CHECK(classify_scanner_redacted(sc, &p, &plen) == CLASSIFY_OK, "no redacted copy after scanner_redact");
    FZ_CHECK(plen == 0 || p, "redacted copy NULL");
    if (tracing()) fprintf(stderr, "api: redacted %zu bytes, %zu findings: %.*s\n", len, n, (int)plen, (const char *)p);
    if (rc == CLASSIFY_OK && data) {
        check_redacted_no_leak(sc, data, len, p, plen,
                               (uint8_t)(!r.null_opts && r.mask_char ? r.mask_char : '*'), "scanner_redact");
        /* The findings are those of a plain scan with the same options. */
        classify_scanner *ref = NULL;
        if (classify_scanner_new(&ref) == CLASSIFY_OK) {
            if (classify_scanner_scan(ref, rs, data, len, scan_spec_ptr(&sp)) == CLASSIFY_OK) {
                hits x = {0}, y = {0};
                hits_collect(ref, &x);
                hits_collect(sc, &y);
                long d = hits_diff(&x, &y);
                FZ_CHECK(d < 0, "scanner_redact's findings (%zu) differ from scanner_scan's (%zu) at %ld", y.count, x.count, d);
                free(x.items);
                free(y.items);
            }
            classify_scanner_free(ref);
        }
    }
    check_redacted_api(sc, s, 1, 0);
}

static void op_redacted_query(model *m, stream *s) {
    uint8_t a = next(s);
    int si = a & 1;
    classify_scanner *sc = (a & 0x02) ? NULL : m->sc[si];
    int has = sc && m->has_result[si];
    int kind = sc ? m->kind[si] : KIND_NONE;
    check_redacted_api(sc, s, has, kind != KIND_REDACT && kind != KIND_STREAM);
}

/* --- Engines ---------------------------------------------------------------------------- */

static int verified(int prov, int trusts) { return prov == PROV_BUILTIN || (prov == PROV_SIGNED && trusts); }

static void eng_reset(model *m) {
    classify_engine_free(m->eng);
    m->eng = NULL;
    m->eng_gen = 0;
    m->eng_require = m->eng_allow_down = m->eng_trusts = 0;
    m->eng_id[0] = m->eng_ver[0] = 0;
}

static void eng_set_current(model *m, const char *id, const char *ver, int prov) {
    snprintf(m->eng_id, sizeof m->eng_id, "%s", id ? id : "");
    snprintf(m->eng_ver, sizeof m->eng_ver, "%s", ver ? ver : "");
    m->eng_prov = prov;
}

/* The engine's current ruleset is the one the model says. */
static void eng_check(model *m) {
    FZ_CHECK(classify_engine_generation(m->eng) == m->eng_gen, "engine generation %llu, expected %llu",
             (unsigned long long)classify_engine_generation(m->eng), (unsigned long long)m->eng_gen);
    classify_ruleset *cur = NULL;
    int rc = classify_engine_ruleset(&cur, m->eng);
    FZ_CHECK(rc == (m->eng && m->eng_gen > 0 ? CLASSIFY_OK : CLASSIFY_E_INVALID), "engine_ruleset: %d", rc);
    FZ_CHECK((rc == CLASSIFY_OK) == (cur != NULL), "engine_ruleset: status %d, out %p", rc, (void *)cur);
    if (cur) {
        FZ_CHECK(strcmp(classify_ruleset_id(cur), m->eng_id) == 0 && strcmp(classify_ruleset_version(cur), m->eng_ver) == 0,
                 "engine holds %s %s, expected %s %s", classify_ruleset_id(cur), classify_ruleset_version(cur), m->eng_id,
                 m->eng_ver);
        classify_ruleset_free(cur);
    }
}

static void check_err(classify_error *err, int want_err, int rc, const char *call) {
    if (!want_err) return;
    if (rc == CLASSIFY_OK) FZ_CHECK(err == NULL, "%s: success but an error object", call);
    else fz_check_error(err, rc);
    classify_error_free(err);
}

static void op_engine_new(model *m, stream *s) {
    uint8_t a = next(s), b = next(s);
    eng_reset(m);
    int out_null = (a & 0x81) == 0x81;
    int rsel = (a >> 1) % 3;
    const classify_ruleset *rs = rsel ? m->rs[rsel - 1] : NULL;
    int prov = rs ? m->rs_prov[rsel - 1] : PROV_BUILTIN;
    unsigned char storage[512];
    memset(storage, 0, sizeof storage);
    classify_engine_options *o = (classify_engine_options *)(void *)storage;
    o->struct_size = sizeof *o;
    const classify_engine_options *op = o;
    static const char pub_file[] = "classify-public-key/1\npublic-key: "; /* a wrong header: not a key file */
    const char *keys[2] = {API_PUBLIC_KEY, NULL};
    char garbage[48], keyline[96];
    int require = 0, allow_down = 0, trusts = 0, key_maybe = 0;
    allowed al = {{0}, 0};
    switch (b % 10) {
    case 0: op = NULL; break;
    case 1: o->open_flags = (b >> 4) & 3; break;
    case 2: /* signatures required; the key trusted, or no key at all */
        require = 1;
        o->flags = CLASSIFY_ENGINE_REQUIRE_SIGNATURES;
        if (!(b & 0x10)) { o->trusted_keys = keys; o->trusted_key_count = 1; trusts = 1; }
        break;
    case 3: /* the key with spaces and a newline around it */
        require = allow_down = 1;
        o->flags = CLASSIFY_ENGINE_REQUIRE_SIGNATURES | CLASSIFY_ENGINE_ALLOW_DOWNGRADE;
        snprintf(keyline, sizeof keyline, "  %s \n", API_PUBLIC_KEY);
        keys[0] = keyline;
        o->trusted_keys = keys;
        o->trusted_key_count = 1;
        trusts = 1;
        break;
    case 4: allow_down = 1; o->flags = CLASSIFY_ENGINE_ALLOW_DOWNGRADE; break;
    case 5: o->flags = 0x4u << ((b >> 4) & 7); allow(&al, CLASSIFY_E_INVALID); break;
    case 6: o->open_flags = 0x4u << ((b >> 4) & 7); allow(&al, CLASSIFY_E_INVALID); break;
    case 7:
        if (b & 0x10) { o->trusted_keys = NULL; o->trusted_key_count = 1 + (b >> 5); }
        else { keys[1] = NULL; o->trusted_keys = keys; o->trusted_key_count = 2; } /* a NULL key */
        allow(&al, CLASSIFY_E_INVALID);
        break;
    case 8: { /* a key from the input: maybe one, likely not */
        const uint8_t *k;
        size_t kl = take(s, next(s) % 47, &k);
        memcpy(garbage, k, kl);
        garbage[kl] = 0;
        if (b & 0x10) snprintf(garbage, sizeof garbage, "%s", pub_file);
        keys[0] = garbage;
        o->trusted_keys = keys;
        o->trusted_key_count = 1;
        require = (b >> 5) & 1;
        if (require) o->flags = CLASSIFY_ENGINE_REQUIRE_SIGNATURES;
        key_maybe = 1;
        break;
    }
    default:
        if (b & 0x10) o->struct_size = (b >> 5);
        else { o->struct_size = sizeof *o + 16; storage[sizeof *o + 8 + (b >> 5)] = 1; }
        allow(&al, CLASSIFY_E_VERSION);
        break;
    }
    if (out_null) allow(&al, CLASSIFY_E_INVALID);
    if (al.n == 0) {
        if (key_maybe) allow(&al, CLASSIFY_E_INVALID);
        if (require && rs && !verified(prov, trusts)) allow(&al, CLASSIFY_E_SIGNATURE);
        if (!(require && rs && !verified(prov, trusts)) || prov == PROV_UNKNOWN || key_maybe) allow(&al, CLASSIFY_OK);
    }
    allow(&al, CLASSIFY_E_NOMEM);
    int want_err = !(a & 0x40);
    classify_error *err = NULL;
    int rc = classify_engine_new(out_null ? NULL : &m->eng, rs, op, want_err ? &err : NULL);
    expect("engine_new", rc, &al);
    check_err(err, want_err, rc, "engine_new");
    if (!out_null) FZ_CHECK((rc == CLASSIFY_OK) == (m->eng != NULL), "engine_new: status %d, out %p", rc, (void *)m->eng);
    if (rc == CLASSIFY_OK) {
        m->eng_gen = rs ? 1 : 0;
        m->eng_require = require;
        m->eng_allow_down = allow_down;
        m->eng_trusts = trusts || (key_maybe && strcmp(garbage, API_PUBLIC_KEY) == 0);
        eng_set_current(m, rs ? classify_ruleset_id(rs) : "", rs ? classify_ruleset_version(rs) : "", prov);
    }
    eng_check(m);
}

/* Would a swap to (id, ver) be refused as a downgrade? 1 yes, 0 no, -1 cannot tell. */
static int downgrade(const model *m, const char *id, const char *ver) {
    if (m->eng_allow_down || m->eng_gen == 0 || !id || strcmp(id, m->eng_id) != 0) return 0;
    int known;
    int c = semver_cmp(ver, m->eng_ver, &known);
    return known ? c < 0 : -1;
}

static void op_engine_swap(model *m, stream *s) {
    uint8_t a = next(s), b = next(s), c = next(s);
    classify_engine *eng = (a & 0xC0) == 0xC0 ? NULL : m->eng;
    int want_err = !(a & 0x20);
    classify_error *err = NULL;
    classify_error **eo = want_err ? &err : NULL;
    allowed al = {{0}, 0};
    int rc;
    const char *call;
    const char *cid = NULL, *cver = NULL; /* the candidate's id and version, if known */
    int own = CLASSIFY_OK;                /* the status the candidate gives by itself; 1 = it varies */
    int sig_bad = 0, sig_maybe = 0;       /* with signatures required: refused / may be refused */
    int prov = m->eng_require ? PROV_SIGNED : PROV_UNSIGNED;
    uint8_t mutated[sizeof small_pack_v2];
    char sigbuf[sizeof small_pack_v2_sig + 64];
    switch (a % 3) {
    case 0: { /* a document in memory, with or without a signature */
        call = "engine_swap_buffer";
        const char *json;
        size_t len;
        const char *good_sig = small_pack_sig, *other_sig = small_pack_v2_sig;
        int huge = 0, null_json = 0;
        switch (b % 8) {
        case 0: json = small_pack; len = sizeof small_pack - 1; cid = "api"; cver = "1.0.0"; break;
        case 1: json = small_pack_v2; len = sizeof small_pack_v2 - 1; cid = "api"; cver = "2.0.0";
            good_sig = small_pack_v2_sig; other_sig = small_pack_sig; break;
        case 2: json = bad_regex_pack; len = sizeof bad_regex_pack - 1; cid = "api"; cver = "1.0.0"; own = CLASSIFY_E_PATTERN; break;
        case 3: json = truncated_pack; len = sizeof truncated_pack - 1; own = CLASSIFY_E_PACK; break;
        case 4: json = bad_schema_pack; len = sizeof bad_schema_pack - 1; cid = "api"; cver = "1.0.0"; own = CLASSIFY_E_VERSION; break;
        case 5: { /* a pack with bytes changed: its signature no longer holds */
            const char *base = (b & 0x10) ? small_pack_v2 : small_pack;
            len = (b & 0x10) ? sizeof small_pack_v2 - 1 : sizeof small_pack - 1;
            if (b & 0x10) { good_sig = small_pack_v2_sig; other_sig = small_pack_sig; }
            memcpy(mutated, base, len);
            for (int k = 0; k < 1 + (b >> 5); k++) mutated[next16(s) % len] ^= (uint8_t)(next(s) | 1);
            json = (const char *)mutated;
            if (memcmp(mutated, base, len) == 0) { /* the changes cancelled out */
                cid = "api";
                cver = (b & 0x10) ? "2.0.0" : "1.0.0";
                break;
            }
            own = 1;
            sig_bad = 1;
            break;
        }
        case 6: json = NULL; len = 1 + c; null_json = 1; break;
        default:
            json = "{}";
            len = (c & 0x80) ? (size_t)-1 - (size_t)(c & 0x7F) * 0x0100000000000000u
                             : (size_t)CLASSIFY_LIMIT_PACK_BYTES + 1 + c * 4096u;
            huge = 1;
            break;
        }
        /* The signature. */
        const char *sig = NULL;
        size_t sig_len = 0;
        int null_sig = 0;
        uint8_t d = next(s);
        switch (d % 6) {
        case 0: sig_bad = 1; break;
        case 1: sig = good_sig; sig_len = strlen(sig); if (b % 8 >= 2 && b % 8 <= 4) sig_bad = 1; break;
        case 2: sig = other_sig; sig_len = strlen(sig); sig_bad = 1; break;
        case 3: { /* a byte of it changed: refused, or the same signature (base64 padding bits) */
            size_t n = strlen(good_sig);
            memcpy(sigbuf, good_sig, n);
            sigbuf[next16(s) % n] ^= (char)(next(s) | 1);
            sig = sigbuf;
            sig_len = n;
            if (b % 8 >= 2 && b % 8 <= 4) sig_bad = 1;
            else if (!sig_bad) sig_maybe = 1;
            break;
        }
        case 4: sig = NULL; sig_len = 1 + (d >> 3); null_sig = 1; break;
        default: {
            const uint8_t *g;
            sig_len = take(s, d >> 2, &g);
            memcpy(sigbuf, g, sig_len);
            sig = sigbuf;
            sig_bad = 1;
            break;
        }
        }
        const char *name = (a & 0x10) ? NULL : "api.json";
        rc = classify_engine_swap_buffer(eng, json, len, sig, sig_len, name, eo);
        if (null_json || null_sig) {
            allow(&al, CLASSIFY_E_INVALID);
            if (huge) allow(&al, CLASSIFY_E_LIMIT);
            goto check;
        }
        if (huge) {
            allow(&al, CLASSIFY_E_LIMIT);
            /* Known: a length of 2^63 or more gives CLASSIFY_E_INVALID (open bug). */
            if ((c & 0x80) && skip_known()) allow(&al, CLASSIFY_E_INVALID);
            goto check;
        }
        break;
    }
    case 1: { /* a file; with signatures required its signature is <path>.sig */
        call = "engine_swap_file";
        const char *path;
        switch (b % 7) {
        case 0: path = g_pack_path; cid = "api"; cver = "1.0.0"; break;
        case 1: path = g_pack_v2_path; cid = "api"; cver = "2.0.0"; break;
        case 2: path = g_pack_nosig_path; cid = "api"; cver = "1.0.0"; sig_bad = 1; break;
        case 3: path = "/nonexistent/classify/pack.json"; own = CLASSIFY_E_IO; sig_bad = 1; break;
        case 4: path = NULL; break;
        case 5: path = "/"; own = CLASSIFY_E_IO; sig_bad = 1; break;
        default: path = "/dev/null"; own = 1; sig_bad = 1; break;
        }
        rc = classify_engine_swap_file(eng, path, eo);
        if (!path) {
            allow(&al, CLASSIFY_E_INVALID);
            goto check;
        }
        if (own == CLASSIFY_E_IO || own == 1) {
            allow(&al, CLASSIFY_E_IO);
            if (own == 1) allow(&al, CLASSIFY_E_PACK);
            if (m->eng_require) allow(&al, CLASSIFY_E_SIGNATURE);
            goto check;
        }
        break;
    }
    default: { /* a compiled ruleset */
        call = "engine_swap_ruleset";
        int slot = b & 1;
        const classify_ruleset *rs = (b & 0x02) ? NULL : m->rs[slot];
        rc = classify_engine_swap_ruleset(eng, rs, eo);
        if (!rs) {
            allow(&al, CLASSIFY_E_INVALID);
            goto check;
        }
        cid = classify_ruleset_id(rs);
        cver = classify_ruleset_version(rs);
        prov = m->rs_prov[slot];
        sig_bad = m->eng_require && !verified(prov, m->eng_trusts);
        sig_maybe = m->eng_require && prov == PROV_UNKNOWN;
        break;
    }
    }
    /* A document or ruleset reached the engine: signature, downgrade, then its own status.
       A document's signature holds only if the engine trusts the target's key. */
    if (!m->eng_require) sig_bad = sig_maybe = 0;
    if (m->eng_require && !m->eng_trusts && a % 3 != 2) {
        sig_bad = 1;
        sig_maybe = 0;
    }
    if (sig_bad) {
        allow(&al, CLASSIFY_E_SIGNATURE);
        if (!sig_maybe) goto check;
    }
    if (sig_maybe) allow(&al, CLASSIFY_E_SIGNATURE);
    if (own == 1) { /* a changed pack: whatever a pack can give */
        allow(&al, CLASSIFY_OK);
        allow(&al, CLASSIFY_E_PACK);
        allow(&al, CLASSIFY_E_PATTERN);
        allow(&al, CLASSIFY_E_VERSION);
        allow(&al, CLASSIFY_E_LIMIT);
        allow(&al, CLASSIFY_E_DOWNGRADE);
        allow(&al, CLASSIFY_E_IO);
        allow(&al, CLASSIFY_E_INVALID);
        goto check;
    }
    int dg = downgrade(m, cid, cver);
    if (dg) allow(&al, CLASSIFY_E_DOWNGRADE);
    if (dg <= 0 || own != CLASSIFY_OK) allow(&al, own);
check:
    if (!eng) {
        al.n = 0;
        allow(&al, CLASSIFY_E_INVALID);
    }
    allow(&al, CLASSIFY_E_NOMEM);
    expect(call, rc, &al);
    check_err(err, want_err, rc, call);
    if (rc == CLASSIFY_OK) {
        m->eng_gen++;
        classify_ruleset *cur = NULL;
        FZ_CHECK(classify_engine_ruleset(&cur, m->eng) == CLASSIFY_OK, "no ruleset after a swap");
        if (cid && cver)
            FZ_CHECK(strcmp(classify_ruleset_id(cur), cid) == 0 && strcmp(classify_ruleset_version(cur), cver) == 0,
                     "%s: the engine holds %s %s, not %s %s", call, classify_ruleset_id(cur), classify_ruleset_version(cur),
                     cid, cver);
        eng_set_current(m, classify_ruleset_id(cur), classify_ruleset_version(cur), sig_maybe ? PROV_UNKNOWN : prov);
        classify_ruleset_free(cur);
    }
    eng_check(m);
}

static void op_engine_misc(model *m, stream *s) {
    uint8_t a = next(s);
    switch (a % 4) {
    case 0: eng_reset(m); classify_engine_free(NULL); break;
    case 1: { /* a new reference to the current ruleset, into a slot */
        int slot = (a >> 5) & 1, out_null = (a & 0x08) != 0;
        classify_engine *eng = (a & 0x10) ? NULL : m->eng;
        if (!out_null) {
            classify_ruleset_free(m->rs[slot]);
            m->rs[slot] = NULL;
            rs_changed(m, slot, m->eng_prov);
        }
        classify_ruleset *sentinel = (classify_ruleset *)(void *)&a;
        classify_ruleset **out = out_null ? NULL : &m->rs[slot];
        if (out) *out = sentinel; /* must be set to NULL on failure */
        int rc = classify_engine_ruleset(out, eng);
        allowed al = {{0}, 0};
        allow(&al, (out_null || !eng || m->eng_gen == 0) ? CLASSIFY_E_INVALID : CLASSIFY_OK);
        expect("engine_ruleset", rc, &al);
        if (out) FZ_CHECK((rc == CLASSIFY_OK) == (*out != NULL) && *out != sentinel, "engine_ruleset: out on status %d", rc);
        if (rc == CLASSIFY_OK)
            FZ_CHECK(strcmp(classify_ruleset_id(*out), m->eng_id) == 0, "engine_ruleset: %s, expected %s",
                     classify_ruleset_id(*out), m->eng_id);
        break;
    }
    case 2: { /* a scan through the engine */
        int si = (a >> 2) & 1;
        classify_scanner *sc = (a & 0x08) ? NULL : m->sc[si];
        classify_engine *eng = (a & 0x10) ? NULL : m->eng;
        scan_spec sp;
        scan_spec_decode(s, &sp);
        const uint8_t *data = NULL;
        size_t len;
        int bad_data = 0;
        if ((a & 0x60) == 0x60) {
            len = 1 + (a >> 7);
            bad_data = 1;
        } else {
            len = take(s, next(s) % 64, &data);
        }
        int rc = classify_engine_scan(eng, sc, data, len, scan_spec_ptr(&sp));
        allowed al = {{0}, 0};
        if (!sc || !eng || m->eng_gen == 0 || bad_data) allow(&al, CLASSIFY_E_INVALID);
        if (sp.bad) allow(&al, sp.bad);
        if (al.n == 0) {
            allow(&al, CLASSIFY_OK);
            allow(&al, CLASSIFY_INCOMPLETE);
        }
        allow(&al, CLASSIFY_E_NOMEM);
        expect("engine_scan", rc, &al);
        if (!sc) break;
        if (rc < 0) {
            result_gone(m, si);
            check_empty(sc, "engine_scan");
            break;
        }
        classify_ruleset *cur = NULL;
        FZ_CHECK(classify_engine_ruleset(&cur, eng) == CLASSIFY_OK, "engine scanned without a ruleset");
        size_t n = fz_check_result(sc, cur, len, rc);
        classify_ruleset_free(cur);
        classify_decision d = CLASSIFY_DECISION_INIT;
        classify_scanner_decision(sc, &d);
        FZ_CHECK(d.generation == m->eng_gen, "engine_scan: generation %llu, expected %llu",
                 (unsigned long long)d.generation, (unsigned long long)m->eng_gen);
        result_new(m, si, KIND_SCAN, n, m->eng_gen);
        keep_data(m, si, data, len);
        break;
    }
    default:
        FZ_CHECK(classify_engine_generation(NULL) == 0, "engine_generation(NULL)");
        eng_check(m);
        break;
    }
}

/* --- Summaries and their re-decision ------------------------------------------------------ */

static void op_summary(model *m, stream *s) {
    uint8_t a = next(s);
    int si = (a >> 1) & 1;
    classify_scanner *sc = (a & 0x08) ? NULL : m->sc[si];
    if ((a & 1) == 0) { /* the summary of the scanner's result; maybe stored */
        const char *json = NULL;
        size_t len = 0;
        int rc = classify_scanner_summary_json(sc, (a & 0x10) ? NULL : &json, (a & 0x20) ? NULL : &len);
        allowed al = {{0}, 0};
        allow(&al, (!sc || (a & 0x10) || !m->has_result[si]) ? CLASSIFY_E_INVALID : CLASSIFY_OK);
        allow(&al, CLASSIFY_E_NOMEM);
        expect("scanner_summary_json", rc, &al);
        if (rc != CLASSIFY_OK || (a & 0x10)) return;
        size_t jl = strlen(json);
        if (!(a & 0x20)) FZ_CHECK(jl == len, "summary length %zu, strlen %zu", len, jl);
        FZ_CHECK(jl >= 2 && json[0] == '{' && json[jl - 1] == '}' && !memchr(json, '\n', jl), "summary is not one line of JSON");
        FZ_CHECK(strstr(json, "\"schema\":\"classify.summary/1\"") != NULL, "summary schema");
        if (m->data[si]) { /* no finding's bytes */
            char *copy = fz_blanked_json(json, jl);
            classify_finding f = CLASSIFY_FINDING_INIT;
            for (size_t i = 0; classify_scanner_finding(sc, i, &f) == CLASSIFY_OK; i++) {
                size_t vlen = (size_t)(f.end - f.start);
                if (vlen >= 8 && f.end <= m->data_len[si])
                    FZ_CHECK(!fz_contains(copy, jl, m->data[si] + f.start, vlen), "finding %zu appears in the summary", i);
            }
            free(copy);
        }
        if (a & 0x40) {
            free(m->summary);
            m->summary = malloc(jl + 1);
            if (!m->summary) abort();
            memcpy(m->summary, json, jl + 1);
            m->summary_len = jl;
            classify_decision d = CLASSIFY_DECISION_INIT;
            FZ_CHECK(classify_scanner_decision(sc, &d) == CLASSIFY_OK, "a result without a decision");
            m->summary_equiv = m->equiv[si];
            m->summary_slot = m->equiv_slot[si];
            m->summary_epoch = m->equiv_epoch[si];
            m->summary_as_of = m->equiv_as_of[si];
            snprintf(m->summary_level, sizeof m->summary_level, "%s", d.level);
            m->summary_count = d.finding_count;
            m->summary_frameworks = d.framework_count;
            m->summary_review = d.needs_review;
            m->summary_confidence = d.confidence;
        }
        return;
    }
    /* Re-decide the stored summary (or a changed copy of it, or a bad argument). */
    uint8_t b = next(s), c = next(s);
    int ri = (a >> 2) & 1;
    int via_engine = (a & 0x80) != 0;
    const classify_ruleset *rs = (a & 0x10) ? NULL : m->rs[ri];
    classify_engine *eng = (a & 0x10) ? NULL : m->eng;
    static const char fallback[] = "{\"schema\":\"classify.summary/1\"}";
    const char *text = m->summary ? m->summary : fallback;
    size_t tlen = m->summary ? m->summary_len : sizeof fallback - 1;
    char *buf = malloc(tlen + 1);
    if (!buf) abort();
    memcpy(buf, text, tlen + 1);
    const char *summary = buf;
    size_t len = tlen;
    int exact = m->summary != NULL, arg_bad = 0, limit = 0;
    switch (b % 8) {
    case 0: case 1: case 2: break;
    case 3: /* bytes changed */
        for (int k = 0; k < 1 + (b >> 5); k++) buf[next16(s) % tlen] ^= (char)(next(s) | 1);
        exact = 0;
        break;
    case 4: len = next16(s) % tlen; exact = 0; break; /* cut short */
    case 5: summary = NULL; len = 1 + (b >> 3); arg_bad = 1; break;
    case 6: len = 0; arg_bad = 1; break;
    default:
        len = (b & 0x80) ? (size_t)-1 - (size_t)(b & 0x70) * 0x0100000000000000u
                         : (size_t)CLASSIFY_LIMIT_PACK_BYTES + 1 + (b >> 3);
        limit = 1;
        break;
    }
    unsigned char storage[512];
    memset(storage, 0, sizeof storage);
    classify_reclassify_options *o = (classify_reclassify_options *)(void *)storage;
    o->struct_size = sizeof *o;
    const classify_reclassify_options *op = o;
    int opt_bad = 0, same_date = 0;
    switch (c % 6) {
    case 0: op = NULL; same_date = m->summary_as_of == 0; break;
    case 1: o->as_of = m->summary_as_of; same_date = 1; break;
    case 2: o->as_of = as_of_table[c >> 6]; o->data_created = (int64_t)next16(s) * 86400 - 1000000000; break;
    case 3: o->flags = 1u << (c >> 3); opt_bad = CLASSIFY_E_INVALID; break;
    case 4: o->reserved = 1u + c; opt_bad = CLASSIFY_E_INVALID; break;
    default:
        if (c & 0x80) o->struct_size = (c >> 3) & 15;
        else { o->struct_size = sizeof *o + 16; storage[sizeof *o + ((c >> 3) & 15)] = 1; }
        opt_bad = CLASSIFY_E_VERSION;
        break;
    }
    int want_err = !(a & 0x40);
    classify_error *err = NULL;
    int rc = via_engine ? classify_engine_reclassify(eng, sc, summary, len, op, want_err ? &err : NULL)
                        : classify_scanner_reclassify(sc, rs, summary, len, op, want_err ? &err : NULL);
    const char *call = via_engine ? "engine_reclassify" : "scanner_reclassify";
    allowed al = {{0}, 0};
    if (!sc || (via_engine ? (!eng || m->eng_gen == 0) : !rs) || arg_bad) allow(&al, CLASSIFY_E_INVALID);
    if (limit) allow(&al, CLASSIFY_E_LIMIT);
    /* Known: a length of 2^63 or more gives CLASSIFY_E_INVALID (open bug). */
    if (limit && (b & 0x80) && skip_known()) allow(&al, CLASSIFY_E_INVALID);
    if (opt_bad) allow(&al, opt_bad);
    if (al.n == 0) {
        if (exact) {
            allow(&al, CLASSIFY_OK);
        } else { /* a changed summary: accepted, or refused as documented */
            allow(&al, CLASSIFY_OK);
            allow(&al, CLASSIFY_E_INVALID);
            allow(&al, CLASSIFY_E_VERSION);
            allow(&al, CLASSIFY_E_LIMIT);
        }
    }
    allow(&al, CLASSIFY_E_NOMEM);
    expect(call, rc, &al);
    check_err(err, want_err, rc, call);
    free(buf);
    if (!sc) return;
    if (rc != CLASSIFY_OK) {
        known_or_empty(m, si, sc, call, via_engine && !eng);
        return;
    }
    FZ_CHECK(classify_scanner_finding_count(sc) == 0, "%s: a re-decision has findings", call);
    classify_decision d = CLASSIFY_DECISION_INIT;
    FZ_CHECK(classify_scanner_decision(sc, &d) == CLASSIFY_OK, "%s: no decision", call);
    uint64_t gen = via_engine ? m->eng_gen : 0;
    FZ_CHECK(d.generation == gen, "%s: generation %llu, expected %llu", call, (unsigned long long)d.generation,
             (unsigned long long)gen);
    if (exact) FZ_CHECK(d.finding_count == m->summary_count, "%s: finding_count %zu, the summary counts %zu", call,
                        d.finding_count, m->summary_count);
    /* The same summary, ruleset and date: the decision of the scan it came from. */
    if (exact && !via_engine && same_date && m->summary_equiv && ri == m->summary_slot &&
        m->rs_epoch[ri] == m->summary_epoch)
        FZ_CHECK(strcmp(d.level, m->summary_level) == 0 && d.framework_count == m->summary_frameworks &&
                     d.needs_review == m->summary_review && d.confidence == m->summary_confidence,
                 "re-decided under the same ruleset and date: %s (%zu frameworks, review %u, conf %.17g), the scan gave "
                 "%s (%zu frameworks, review %u, conf %.17g)",
                 d.level, d.framework_count, d.needs_review, d.confidence, m->summary_level, m->summary_frameworks,
                 m->summary_review, m->summary_confidence);
    const char *json = NULL;
    FZ_CHECK(classify_scanner_summary_json(sc, &json, NULL) == CLASSIFY_OK && json && json[0] == '{',
             "%s: no summary of the re-decision", call);
    result_new(m, si, KIND_RECLASSIFY, d.finding_count, gen);
}

/* --- Options of the newer structs, and NULL-safe calls ------------------------------------ */

static void op_misc2(stream *s) {
    uint8_t a = next(s), b = next(s);
    unsigned char storage[8192];
    size_t size = (b & 0x80) ? (size_t)(b & 0x7F) * 40 : (b & 0x3F);
    memset(storage, 0xEE, sizeof storage);
    void *p = (a & 0x40) ? NULL : storage;
    size_t own;
    int rc;
    const char *call;
    switch (a % 7) {
    case 0: call = "stream_options_init"; own = sizeof(classify_stream_options); rc = classify_stream_options_init(p, size); break;
    case 1: call = "engine_options_init"; own = sizeof(classify_engine_options); rc = classify_engine_options_init(p, size); break;
    case 2: call = "profile_options_init"; own = sizeof(classify_profile_options); rc = classify_profile_options_init(p, size); break;
    case 3: call = "redact_options_init"; own = sizeof(classify_redact_options); rc = classify_redact_options_init(p, size); break;
    case 4: call = "reclassify_options_init"; own = sizeof(classify_reclassify_options); rc = classify_reclassify_options_init(p, size); break;
    case 5:
        FZ_CHECK(classify_engine_generation(NULL) == 0 && classify_stream_offset(NULL) == 0 &&
                     classify_profile_record_count(NULL) == 0 && classify_ruleset_max_window(NULL) == 0,
                 "NULL accessors");
        classify_engine_free(NULL);
        classify_stream_free(NULL);
        classify_profile_free(NULL);
        return;
    default: {
        static const int codes[] = {CLASSIFY_E_SIGNATURE, CLASSIFY_E_DOWNGRADE, CLASSIFY_E_BUSY, CLASSIFY_E_LIMIT};
        const char *str = classify_status_string(codes[b % 4]);
        FZ_CHECK(str && str[0] && strcmp(str, "unknown status") != 0, "status_string(%d): %s", codes[b % 4], str);
        return;
    }
    }
    allowed al = {{0}, 0};
    if (!p) allow(&al, CLASSIFY_E_INVALID);
    else if (size < own || size > 4096) allow(&al, CLASSIFY_E_VERSION);
    else allow(&al, CLASSIFY_OK);
    expect(call, rc, &al);
    if (rc == CLASSIFY_OK) {
        size_t declared;
        memcpy(&declared, storage, sizeof declared);
        FZ_CHECK(declared == size, "%s: struct_size %zu, asked %zu", call, declared, size);
        for (size_t i = sizeof(size_t); i < size; i++) FZ_CHECK(storage[i] == 0, "%s: byte %zu not zero", call, i);
        FZ_CHECK(storage[size] == 0xEE, "%s wrote past struct_size", call);
    } else {
        FZ_CHECK(storage[0] == 0xEE && storage[sizeof(size_t)] == 0xEE, "%s failed but wrote", call);
    }
}


int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    model m;
    memset(&m, 0, sizeof m);
    stream s = {data, size};
    int ops = 0;
    while (s.left > 0 && ops++ < 64) {
        uint8_t op = next(&s);
        switch (op % 25) {
        case 0: op_open_builtin(&m, &s); break;
        case 1: op_open_buffer(&m, &s); break;
        case 2: op_open_file(&m, &s); break;
        case 3: { /* free a ruleset: scanners, streams, profiles and engines using it keep it */
            int i = next(&s) & 1;
            classify_ruleset_free(m.rs[i]);
            m.rs[i] = NULL;
            rs_changed(&m, i, PROV_UNKNOWN);
            break;
        }
        case 4: { /* a new scanner in a slot (the old one freed), or out NULL */
            uint8_t a = next(&s);
            int i = a & 1;
            if (a & 0x80) {
                FZ_CHECK(classify_scanner_new(NULL) == CLASSIFY_E_INVALID, "scanner_new(NULL)");
                break;
            }
            classify_scanner_free(m.sc[i]);
            m.sc[i] = NULL;
            result_gone(&m, i);
            int rc = classify_scanner_new(&m.sc[i]);
            FZ_CHECK((rc == CLASSIFY_OK && m.sc[i]) || (rc == CLASSIFY_E_NOMEM && !m.sc[i]), "scanner_new: %d", rc);
            break;
        }
        case 5: {
            int i = next(&s) & 1;
            classify_scanner_free(m.sc[i]);
            m.sc[i] = NULL;
            result_gone(&m, i);
            break;
        }
        case 6: op_scan(&m, &s); break;
        case 7: op_query(&m, &s); break;
        case 8: op_ruleset_info(&m, &s); break;
        case 9: op_misc(&s); break;
        case 10: op_engine_new(&m, &s); break;
        case 11: op_engine_swap(&m, &s); break;
        case 12: op_engine_misc(&m, &s); break;
        case 13: op_stream_open(&m, &s); break;
        case 14: op_stream_write(&m, &s); break;
        case 15: op_stream_finish(&m, &s); break;
        case 16: op_stream_misc(&m, &s); break;
        case 17: op_scan_record(&m, &s); break;
        case 18: op_profile_new(&m, &s); break;
        case 19: op_profile_add(&m, &s); break;
        case 20: op_profile_result(&m, &s); break;
        case 21: op_redact(&m, &s); break;
        case 22: op_redacted_query(&m, &s); break;
        case 23: op_summary(&m, &s); break;
        default: op_misc2(&s); break;
        }
    }
    for (int i = 0; i < 2; i++) stream_reset(&m.st[i]);
    pf_reset(&m);
    eng_reset(&m);
    free(m.summary);
    for (int i = 0; i < 2; i++) {
        result_gone(&m, i);
        classify_scanner_free(m.sc[i]);
        classify_ruleset_free(m.rs[i]);
    }
    return 0;
}
