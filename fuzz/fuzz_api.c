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

#include <math.h>
#include <unistd.h>

static char g_pack_path[64];

static const char small_pack[] =
    "{\"schema\":\"classify.pack/1\",\"id\":\"api\",\"version\":\"1.0.0\","
    "\"frameworks\":[{\"id\":\"GDPR\"}],"
    "\"detectors\":[{\"id\":\"mail\",\"type\":\"EMAIL_ADDRESS\",\"category\":\"pii\","
    "\"patterns\":[\"[a-z0-9.]{1,20}@[a-z0-9]{1,20}\\\\.[a-z]{2,6}\"],\"keywords\":[\"mail\"],"
    "\"level\":\"internal\",\"frameworks\":[\"GDPR\"],"
    "\"examples\":{\"match\":[\"mail a.b@example.com\"],\"no_match\":[\"a.b@\"]}},"
    "{\"id\":\"card\",\"type\":\"CREDIT_CARD\",\"category\":\"financial\",\"validator\":\"luhn\","
    "\"patterns\":[\"\\\\b\\\\d{16}\\\\b\"],\"level\":\"restricted\","
    "\"examples\":{\"match\":[\"4111111111111111\"]}}]}";
static const char bad_regex_pack[] =
    "{\"schema\":\"classify.pack/1\",\"id\":\"api\",\"version\":\"1.0.0\","
    "\"detectors\":[{\"id\":\"x\",\"type\":\"X\",\"category\":\"pii\",\"patterns\":[\"a(b\"],"
    "\"examples\":{\"match\":[\"ab\"]}}]}";
static const char bad_schema_pack[] =
    "{\"schema\":\"classify.pack/9\",\"id\":\"api\",\"version\":\"1.0.0\",\"detectors\":[]}";
static const char truncated_pack[] = "{\"schema\":\"classify.pack/1\",\"id\":";

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    snprintf(g_pack_path, sizeof g_pack_path, "/tmp/classify-fuzz-api-%ld.json", (long)getpid());
    FILE *f = fopen(g_pack_path, "wb");
    if (!f || fwrite(small_pack, 1, sizeof small_pack - 1, f) != sizeof small_pack - 1 || fclose(f) != 0) {
        perror(g_pack_path);
        exit(1);
    }
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

static void expect(const char *call, int rc, const allowed *a) {
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

/* Model state. */
typedef struct {
    classify_ruleset *rs[2];
    classify_scanner *sc[2];
    int has_result[2]; /* the last scan of sc[i] succeeded */
} model;

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
        m->has_result[si] = 1;
        fz_check_result(sc, rs, len, rc);
    } else {
        m->has_result[si] = 0;
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
    if (rc == CLASSIFY_OK) FZ_CHECK(bd.d.finding_count == count, "decision count %zu != %zu", bd.d.finding_count, count);

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
        else if (size < sizeof(classify_scan_options) || size > 4096) allow(&al, CLASSIFY_E_VERSION);
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    model m;
    memset(&m, 0, sizeof m);
    stream s = {data, size};
    int ops = 0;
    while (s.left > 0 && ops++ < 64) {
        uint8_t op = next(&s);
        switch (op % 10) {
        case 0: op_open_builtin(&m, &s); break;
        case 1: op_open_buffer(&m, &s); break;
        case 2: op_open_file(&m, &s); break;
        case 3: { /* free a ruleset: scanners holding results made with it keep them */
            int i = next(&s) & 1;
            classify_ruleset_free(m.rs[i]);
            m.rs[i] = NULL;
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
            m.has_result[i] = 0;
            int rc = classify_scanner_new(&m.sc[i]);
            FZ_CHECK((rc == CLASSIFY_OK && m.sc[i]) || (rc == CLASSIFY_E_NOMEM && !m.sc[i]), "scanner_new: %d", rc);
            break;
        }
        case 5: {
            int i = next(&s) & 1;
            classify_scanner_free(m.sc[i]);
            m.sc[i] = NULL;
            m.has_result[i] = 0;
            break;
        }
        case 6: op_scan(&m, &s); break;
        case 7: op_query(&m, &s); break;
        case 8: op_ruleset_info(&m, &s); break;
        default: op_misc(&s); break;
        }
    }
    for (int i = 0; i < 2; i++) {
        classify_scanner_free(m.sc[i]);
        classify_ruleset_free(m.rs[i]);
    }
    return 0;
}
