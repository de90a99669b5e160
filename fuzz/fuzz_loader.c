/* Target "loader": arbitrary bytes as a pack (classify_ruleset_open_buffer), through
   json-c, the pack schema, pattern compilation, JIT, prefilter planning and the detectors'
   examples.

   Invariants checked (a violation aborts):
   - the status is one open_buffer documents, and *out is set exactly on success;
   - a failure comes with an error object whose status, message and location are sane;
   - a ruleset that opens has an id, a version, a sha256 digest and detectors whose
     info can be read, and it scans its own pack text without breaking the result
     invariants of fuzz_common.h. */
#include "fuzz_common.h"

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    /* The last byte picks the open flags, so both examples on/off and JIT on/off get
       coverage from the same corpus; a valid pack still ends in '}' or whitespace, which
       keeps the defaults (examples checked, JIT). */
    classify_open_options opts = CLASSIFY_OPEN_OPTIONS_INIT;
    if (size > 0 && data[size - 1] == '\x01') opts.flags = CLASSIFY_OPEN_SKIP_EXAMPLES;
    if (size > 0 && data[size - 1] == '\x02') opts.flags = CLASSIFY_OPEN_NO_JIT;

    classify_ruleset *rs = (classify_ruleset *)&opts; /* must be overwritten */
    classify_error *err = (classify_error *)&opts;
    int rc = classify_ruleset_open_buffer(&rs, (const char *)data, size, "fuzz", &opts, &err);
    FZ_CHECK(fz_is_documented_status(rc), "open_buffer returned undocumented status %d", rc);
    if (rc != CLASSIFY_OK) {
        FZ_CHECK(rs == NULL, "failed open left *out set");
        FZ_CHECK(rc == CLASSIFY_E_PACK || rc == CLASSIFY_E_PATTERN || rc == CLASSIFY_E_VERSION ||
                     rc == CLASSIFY_E_LIMIT || rc == CLASSIFY_E_INVALID || rc == CLASSIFY_E_NOMEM,
                 "open_buffer returned %d, which it does not document", rc);
        fz_check_error(err, rc);
        classify_error_free(err);
        return 0;
    }
    FZ_CHECK(rs != NULL && err == NULL, "successful open without a ruleset or with an error");
    const char *id = classify_ruleset_id(rs);
    const char *version = classify_ruleset_version(rs);
    const char *digest = classify_ruleset_digest(rs);
    FZ_CHECK(id && id[0] && version && version[0], "ruleset without id or version");
    FZ_CHECK(digest && strncmp(digest, "sha256:", 7) == 0 && strlen(digest) == 71, "bad digest");
    size_t n = classify_ruleset_detector_count(rs);
    for (size_t i = 0; i < n; i++) {
        classify_detector_info info = CLASSIFY_DETECTOR_INFO_INIT;
        FZ_CHECK(classify_ruleset_detector(rs, i, &info) == CLASSIFY_OK, "detector %zu unreadable", i);
        FZ_CHECK(info.id && info.type && info.category && info.description, "detector %zu lacks a string", i);
    }
    classify_detector_info info = CLASSIFY_DETECTOR_INFO_INIT;
    FZ_CHECK(classify_ruleset_detector(rs, n, &info) == CLASSIFY_DONE, "detector past the end is not DONE");

    /* Scan the pack's own text with it: it holds the examples, so findings are likely. */
    classify_scanner *sc = NULL;
    FZ_CHECK(classify_scanner_new(&sc) == CLASSIFY_OK, "scanner_new failed");
    int src = classify_scanner_scan(sc, rs, data, size, NULL);
    fz_check_result(sc, rs, size, src);
    classify_scanner_free(sc);
    classify_ruleset_free(rs);
    return 0;
}
