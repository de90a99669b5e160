/* The README's C quickstart: classify a buffer with the built-in default pack and print
   each finding with its byte offsets, then the decision. Built by tests/check-install.sh
   against an installed copy, with `pkg-config --cflags --libs classify`. */
#include <classify.h>
#include <stdio.h>

int main(void) {
    /* UTF-8 text with multibyte characters and a NUL byte before the card number. */
    static const char text[] = "Caf\xc3\xa9 \xf0\x9f\x98\x80 \x00 card: 4111 1111 1111 1111";
    size_t len = sizeof text - 1;

    classify_ruleset *rs = NULL;
    classify_error *err = NULL;
    if (classify_ruleset_open_builtin(&rs, NULL, NULL, &err) != CLASSIFY_OK) {
        fprintf(stderr, "classify: %s\n", classify_error_message(err));
        classify_error_free(err);
        return 2;
    }
    classify_scanner *sc = NULL;
    if (classify_scanner_new(&sc) != CLASSIFY_OK) {
        classify_ruleset_free(rs);
        return 2;
    }
    int rc = classify_scanner_scan(sc, rs, text, len, NULL);
    if (rc < 0) {
        fprintf(stderr, "classify: %s\n", classify_status_string(rc));
        return 2;
    }
    classify_finding f = CLASSIFY_FINDING_INIT;
    for (size_t i = 0; classify_scanner_finding(sc, i, &f) == CLASSIFY_OK; i++)
        printf("%s [%llu, %llu) confidence %.2f level %s\n", f.type, (unsigned long long)f.start,
               (unsigned long long)f.end, f.confidence, f.level);
    classify_decision d = CLASSIFY_DECISION_INIT;
    classify_scanner_decision(sc, &d);
    printf("level %s, frameworks:", d.level);
    for (size_t i = 0; i < d.framework_count; i++) printf(" %s", d.frameworks[i]);
    printf(", review %s, pack %s@%s\n", d.needs_review ? "yes" : "no", d.pack_id, d.pack_version);

    classify_scanner_free(sc);
    classify_ruleset_free(rs);
    return 0;
}
