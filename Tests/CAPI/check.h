/* Tiny assertion helpers for the C ABI tests: each failed check prints where and why and
   makes the program exit non-zero at the end. */
#ifndef CLASSIFY_TEST_CHECK_H
#define CLASSIFY_TEST_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_failures = 0;
static int check_count = 0;

#define CHECK(cond)                                                                      \
    do {                                                                                 \
        check_count++;                                                                   \
        if (!(cond)) {                                                                   \
            check_failures++;                                                            \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);     \
        }                                                                                \
    } while (0)

#define CHECK_EQ_INT(a, b)                                                               \
    do {                                                                                 \
        long long va_ = (long long)(a), vb_ = (long long)(b);                            \
        check_count++;                                                                   \
        if (va_ != vb_) {                                                                \
            check_failures++;                                                            \
            fprintf(stderr, "%s:%d: %s == %lld, expected %s == %lld\n", __FILE__,        \
                    __LINE__, #a, va_, #b, vb_);                                         \
        }                                                                                \
    } while (0)

#define CHECK_STR(a, b)                                                                  \
    do {                                                                                 \
        const char *sa_ = (a), *sb_ = (b);                                               \
        check_count++;                                                                   \
        if (!sa_ || !sb_ || strcmp(sa_, sb_) != 0) {                                     \
            check_failures++;                                                            \
            fprintf(stderr, "%s:%d: %s is \"%s\", expected \"%s\"\n", __FILE__,          \
                    __LINE__, #a, sa_ ? sa_ : "(null)", sb_ ? sb_ : "(null)");           \
        }                                                                                \
    } while (0)

#define CHECK_CONTAINS(hay, needle)                                                      \
    do {                                                                                 \
        const char *h_ = (hay);                                                          \
        check_count++;                                                                   \
        if (!h_ || !strstr(h_, (needle))) {                                              \
            check_failures++;                                                            \
            fprintf(stderr, "%s:%d: \"%s\" does not contain \"%s\"\n", __FILE__,         \
                    __LINE__, h_ ? h_ : "(null)", (needle));                             \
        }                                                                                \
    } while (0)

/* Prints the plain closing line and returns the exit status. */
static int check_report(const char *name) {
    printf("%s: %d passed, %d failed\n", name, check_count - check_failures, check_failures);
    return check_failures ? 1 : 0;
}

#endif
