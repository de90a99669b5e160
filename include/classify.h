/*
 * classify.h - the public C interface of libclassify.
 *
 * libclassify finds sensitive data (personal, health and financial data, credentials) in
 * bytes and turns the findings into a classification decision: a level, the compliance
 * frameworks that apply, and whether a person should review it. What it looks for and how
 * findings map to levels comes from a rule pack: a versioned JSON document (see
 * docs/rule-packs.md) compiled into an immutable classify_ruleset.
 *
 * This file is the authoritative description of the interface. Every function documents
 * its purpose, who owns what, what it does with NULL, and the status codes it returns.
 *
 * ---------------------------------------------------------------------------------------
 * Objects and their life cycle
 *
 *   classify_ruleset   a compiled pack. Made by classify_ruleset_open_*(), freed by
 *                      classify_ruleset_free(). Immutable; shared freely between threads.
 *   classify_scanner   per-thread scratch memory plus the result of the last scan: its
 *                      findings and its decision. Made by classify_scanner_new(), freed by
 *                      classify_scanner_free().
 *   classify_error     details of a failed open (message, pack, JSON pointer, line,
 *                      column, pattern offset). Returned through an optional `error_out`
 *                      parameter, freed by classify_error_free().
 *
 *   A typical program:
 *
 *     classify_ruleset *rs = NULL;
 *     classify_error *err = NULL;
 *     if (classify_ruleset_open_builtin(&rs, NULL, NULL, &err) != CLASSIFY_OK) {
 *         fprintf(stderr, "classify: %s\n", classify_error_message(err));
 *         classify_error_free(err);
 *         return 1;
 *     }
 *     classify_scanner *sc = NULL;
 *     classify_scanner_new(&sc);
 *     classify_scan_options opts = CLASSIFY_SCAN_OPTIONS_INIT;
 *     if (classify_scanner_scan(sc, rs, data, len, &opts) >= 0) {
 *         classify_finding f = CLASSIFY_FINDING_INIT;
 *         for (size_t i = 0; classify_scanner_finding(sc, i, &f) == CLASSIFY_OK; i++)
 *             printf("%s [%llu, %llu)\n", f.type,
 *                    (unsigned long long)f.start, (unsigned long long)f.end);
 *         classify_decision d = CLASSIFY_DECISION_INIT;
 *         classify_scanner_decision(sc, &d);
 *         printf("level %s\n", d.level);
 *     }
 *     classify_scanner_free(sc);
 *     classify_ruleset_free(rs);
 *
 * ---------------------------------------------------------------------------------------
 * Ownership
 *
 *   1. An out-parameter `T **out` comes first. On success the caller owns `*out` and
 *      releases it with the matching classify_*_free(); on failure `*out` is set to NULL.
 *   2. Every `const char *` the library returns is borrowed. Its documentation names the
 *      object that owns it and the event that ends its life. Never pass it to free().
 *   3. Input buffers are borrowed for the duration of the call only.
 *   4. Freeing a ruleset is always safe, also while a scanner still holds the result of a
 *      scan made with it: the scanner keeps what it needs alive until its next scan or its
 *      own free.
 *   5. Every destructor accepts NULL and does nothing with it.
 *
 * Threading
 *
 *   - A classify_ruleset is immutable once classify_ruleset_open_*() returns; any number
 *     of threads may use it at the same time.
 *   - A classify_scanner holds per-call scratch memory and the result of its last scan.
 *     Use one per thread (or per concurrent caller). Concurrent use of one scanner is a
 *     caller error; it is detected on a best-effort basis and reported as
 *     CLASSIFY_E_BUSY rather than corrupting memory.
 *   - A classify_error belongs to the caller that received it.
 *   - The library has no global mutable state and needs no init or shutdown call.
 *
 * Offsets and text
 *
 *   Input is bytes: a pointer and a length. It may hold any bytes at all - invalid UTF-8,
 *   NUL bytes, binary data - and all of it is ordinary input, not an error. Every offset
 *   the library reports is a byte offset into the buffer that was scanned; a finding
 *   covers the half-open range [start, end). Findings never carry the matched bytes, and
 *   no message, error or JSON document the library produces contains them.
 *
 * Versioned structs
 *
 *   Every struct the caller passes starts with `size_t struct_size`, set by its _INIT
 *   macro (or its _init() function, for languages that cannot expand macros). The library
 *   reads and writes only the first `struct_size` bytes, so a program compiled against an
 *   older, shorter struct keeps working. Fields are only ever appended; a zero field means
 *   "the default". A struct_size smaller than the first version of the struct gives
 *   CLASSIFY_E_VERSION.
 *
 * Stability
 *
 *   Within major version 1, functions, struct prefixes and status values are only added,
 *   never changed or removed. The library's soname is libclassify.so.1.
 */
#ifndef CLASSIFY_H
#define CLASSIFY_H

#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__) || defined(__clang__)
#define CLASSIFY_API __attribute__((visibility("default")))
#else
#define CLASSIFY_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* =======================================================================================
 * Versions
 * ======================================================================================= */

#define CLASSIFY_VERSION_MAJOR 1
#define CLASSIFY_VERSION_MINOR 0
#define CLASSIFY_VERSION_PATCH 0
/** MAJOR * 10000 + MINOR * 100 + PATCH, e.g. 10000 for 1.0.0. */
#define CLASSIFY_VERSION_NUMBER \
    (CLASSIFY_VERSION_MAJOR * 10000 + CLASSIFY_VERSION_MINOR * 100 + CLASSIFY_VERSION_PATCH)
#define CLASSIFY_VERSION_STRING "1.0.0"

/**
 * The version of the library actually loaded, as CLASSIFY_VERSION_NUMBER computes it.
 * Compare with CLASSIFY_VERSION_NUMBER to detect a header/library mismatch.
 * Thread-safe; never fails.
 */
CLASSIFY_API int classify_version_number(void);

/**
 * The version of the library actually loaded, e.g. "1.0.0". The string is static.
 * Thread-safe; never fails; never NULL.
 */
CLASSIFY_API const char *classify_version_string(void);

/* =======================================================================================
 * Status codes
 *
 * Functions that can fail return an int: 0 is success, a positive value is a non-error
 * signal, a negative value is an error. Codes are only ever added.
 * ======================================================================================= */

#define CLASSIFY_OK 0
/** An iteration has no more items (not an error). */
#define CLASSIFY_DONE 1
/** The scan finished but stopped early somewhere (a limit, the deadline or the cancel
 *  flag): its findings are valid but may be missing some. See classify_decision.incomplete. */
#define CLASSIFY_INCOMPLETE 2

/** A bad argument (NULL where a value is required, a bad enum) or API misuse. */
#define CLASSIFY_E_INVALID (-1)
/** Out of memory. */
#define CLASSIFY_E_NOMEM (-2)
/** A file could not be read. The error names the path and the system's reason. */
#define CLASSIFY_E_IO (-3)
/** The pack is not valid: malformed JSON, an unknown or missing field, a wrong type, a
 *  value out of range, or a failing detector example. The error names the JSON pointer. */
#define CLASSIFY_E_PACK (-4)
/** A detector's regular expression does not compile. The error names the JSON pointer of
 *  the pattern and the offset in the pattern where PCRE2 stopped. */
#define CLASSIFY_E_PATTERN (-5)
/** A struct_size the library does not understand, or a pack `schema` it does not support. */
#define CLASSIFY_E_VERSION (-6)
/** A documented limit was exceeded (see "Limits" below); the error names the limit. */
#define CLASSIFY_E_LIMIT (-7)
/** A scanner was used by two threads at once (best-effort detection). */
#define CLASSIFY_E_BUSY (-8)
/** A bug in the library. Please report it with the message. */
#define CLASSIFY_E_INTERNAL (-100)

/**
 * A short, static English description of a status code, e.g. "invalid pack" for
 * CLASSIFY_E_PACK; "unknown status" for a code this version does not know.
 * Thread-safe; never NULL.
 */
CLASSIFY_API const char *classify_status_string(int status);

/* =======================================================================================
 * Limits
 *
 * Every size has a bound, checked before any memory is allocated for it. Exceeding one
 * gives CLASSIFY_E_LIMIT with the limit's name in the error message.
 * ======================================================================================= */

/** The largest pack document, in bytes (16 MiB). */
#define CLASSIFY_LIMIT_PACK_BYTES (16u * 1024u * 1024u)
/** The most detectors in one pack. */
#define CLASSIFY_LIMIT_DETECTORS 4096u
/** The most patterns in one detector. */
#define CLASSIFY_LIMIT_PATTERNS_PER_DETECTOR 16u
/** The longest pattern, in bytes. */
#define CLASSIFY_LIMIT_PATTERN_BYTES 4096u
/** The most keywords (and, separately, ignore words) in one detector. */
#define CLASSIFY_LIMIT_KEYWORDS_PER_DETECTOR 512u
/** The most examples (match and no_match together) in one detector. */
#define CLASSIFY_LIMIT_EXAMPLES_PER_DETECTOR 64u
/** The most policies in one pack. */
#define CLASSIFY_LIMIT_POLICIES 4096u
/** The deepest nesting of JSON arrays and objects in a pack. */
#define CLASSIFY_LIMIT_JSON_DEPTH 32u
/** The most characters a keyword may be away from a match (`max_distance`). */
#define CLASSIFY_LIMIT_KEYWORD_DISTANCE 1000u
/** Default and hard maximum of findings kept per scan (classify_scan_options.max_findings). */
#define CLASSIFY_DEFAULT_MAX_FINDINGS 100000u
#define CLASSIFY_LIMIT_MAX_FINDINGS 10000000u

/* =======================================================================================
 * Errors
 *
 * Functions that parse or compile caller input take an optional last parameter
 * `classify_error **error_out`. Pass NULL to get only the status code. Otherwise, on
 * failure *error_out receives a new error object that the caller frees with
 * classify_error_free(); on success *error_out is set to NULL. There is no "last error"
 * kept by the library.
 * ======================================================================================= */

typedef struct classify_error classify_error;

/** The status code the failing call returned (a CLASSIFY_E_* value).
 *  NULL gives CLASSIFY_E_INVALID. */
CLASSIFY_API int classify_error_status(const classify_error *err);

/**
 * What went wrong, in one line of English, including where: for example
 * "pack 'acme': /detectors/3/patterns/0 (line 41, column 20): pattern does not compile:
 * missing closing parenthesis at offset 7". Never contains scanned data.
 * Owned by `err`; valid until classify_error_free(err). NULL gives "".
 */
CLASSIFY_API const char *classify_error_message(const classify_error *err);

/** The pack's name: its `id` if it was read, else the file path or buffer name.
 *  Owned by `err`. NULL if not applicable (or err is NULL). */
CLASSIFY_API const char *classify_error_pack(const classify_error *err);

/** The JSON pointer (RFC 6901) of the offending value, e.g. "/detectors/3/patterns/0";
 *  "" for the document as a whole. Owned by `err`. NULL if not applicable. */
CLASSIFY_API const char *classify_error_json_pointer(const classify_error *err);

/** The id of the detector concerned, if any. Owned by `err`. NULL if not applicable. */
CLASSIFY_API const char *classify_error_detector(const classify_error *err);

/** The 1-based line and column (in bytes) of the offending value in the pack text;
 *  0 if not known. */
CLASSIFY_API uint32_t classify_error_line(const classify_error *err);
CLASSIFY_API uint32_t classify_error_column(const classify_error *err);

/** For CLASSIFY_E_PATTERN, the byte offset in the pattern where compilation stopped;
 *  -1 if not applicable. */
CLASSIFY_API int64_t classify_error_offset(const classify_error *err);

/** Releases an error object. NULL is a harmless no-op. */
CLASSIFY_API void classify_error_free(classify_error *err);

/* =======================================================================================
 * Rulesets
 * ======================================================================================= */

typedef struct classify_ruleset classify_ruleset;

/** Options for opening a ruleset. Zero-initialise with CLASSIFY_OPEN_OPTIONS_INIT. */
typedef struct classify_open_options {
    size_t struct_size;  /* sizeof(classify_open_options); set by the _INIT macro */
    uint32_t flags;      /* CLASSIFY_OPEN_* bits; 0 = defaults                     */
} classify_open_options;

/** Skip running the detectors' `examples` at open. Faster to open; use for packs that are
 *  already tested (`classify pack test`). By default examples are checked, and a failing
 *  example makes the open fail with CLASSIFY_E_PACK. */
#define CLASSIFY_OPEN_SKIP_EXAMPLES 0x1u
/** Compile patterns for PCRE2's interpreter instead of its JIT. Slower; for tools that
 *  cannot follow JIT code (valgrind) and for comparing the two. Time bounds still hold. */
#define CLASSIFY_OPEN_NO_JIT 0x2u

#define CLASSIFY_OPEN_OPTIONS_INIT { sizeof(classify_open_options), 0 }

/** Sets *opts to the defaults for a struct of `struct_size` bytes (for FFIs).
 *  Returns CLASSIFY_OK, CLASSIFY_E_INVALID (opts NULL) or CLASSIFY_E_VERSION. */
CLASSIFY_API int classify_open_options_init(classify_open_options *opts, size_t struct_size);

/**
 * Parses, validates and compiles a pack held in memory.
 *
 * @param out       receives the ruleset; NULL on failure. Required.
 * @param json      the pack's JSON text; need not be NUL-terminated. Required unless
 *                  len is 0 (which is then an invalid pack).
 * @param len       its length in bytes; at most CLASSIFY_LIMIT_PACK_BYTES.
 * @param name      a name for messages (e.g. where the text came from); NULL for
 *                  "<buffer>". Copied.
 * @param opts      NULL for defaults.
 * @param error_out optional; see "Errors".
 * @return CLASSIFY_OK, CLASSIFY_E_INVALID, CLASSIFY_E_PACK, CLASSIFY_E_PATTERN,
 *         CLASSIFY_E_VERSION, CLASSIFY_E_LIMIT or CLASSIFY_E_NOMEM.
 * Thread-safe: any number of opens may run at once.
 */
CLASSIFY_API int classify_ruleset_open_buffer(classify_ruleset **out, const char *json,
                                              size_t len, const char *name,
                                              const classify_open_options *opts,
                                              classify_error **error_out);

/**
 * Like classify_ruleset_open_buffer(), reading the pack from a file.
 * A file that cannot be read gives CLASSIFY_E_IO with the path and the reason; a file
 * larger than CLASSIFY_LIMIT_PACK_BYTES gives CLASSIFY_E_LIMIT before it is read.
 */
CLASSIFY_API int classify_ruleset_open_file(classify_ruleset **out, const char *path,
                                            const classify_open_options *opts,
                                            classify_error **error_out);

/**
 * Opens a pack that is compiled into the library. `name` NULL or "default" opens the
 * default pack; classify_builtin_pack_name() lists the others. An unknown name gives
 * CLASSIFY_E_INVALID.
 */
CLASSIFY_API int classify_ruleset_open_builtin(classify_ruleset **out, const char *name,
                                               const classify_open_options *opts,
                                               classify_error **error_out);

/** The name of built-in pack number `index` (0-based), or NULL past the last one.
 *  Static string. */
CLASSIFY_API const char *classify_builtin_pack_name(size_t index);

/** Releases the caller's reference to a ruleset. Scanners holding results made with it
 *  keep it alive as long as they need it. NULL is a harmless no-op. */
CLASSIFY_API void classify_ruleset_free(classify_ruleset *rs);

/** The pack's `id`, `version` (semantic version) and digest ("sha256:" followed by 64 hex
 *  digits, over the exact bytes the pack was read from). Owned by `rs`; valid until it is
 *  freed. NULL for a NULL ruleset. */
CLASSIFY_API const char *classify_ruleset_id(const classify_ruleset *rs);
CLASSIFY_API const char *classify_ruleset_version(const classify_ruleset *rs);
CLASSIFY_API const char *classify_ruleset_digest(const classify_ruleset *rs);

/** The number of detectors in the ruleset; 0 for NULL. */
CLASSIFY_API size_t classify_ruleset_detector_count(const classify_ruleset *rs);

/** Describes one detector of a ruleset. */
typedef struct classify_detector_info {
    size_t struct_size;   /* sizeof(classify_detector_info); set by the _INIT macro     */
    const char *id;       /* e.g. "credit_card"                                         */
    const char *type;     /* entity type, e.g. "CREDIT_CARD"                             */
    const char *category; /* "pii", "phi", "financial", "credential" or "network"        */
    const char *validator;/* validator name, or NULL                                     */
    const char *description; /* one line; "" if the pack gives none                      */
} classify_detector_info;

#define CLASSIFY_DETECTOR_INFO_INIT { sizeof(classify_detector_info), 0, 0, 0, 0, 0 }

/**
 * Fills *out with detector number `index`. Strings are owned by `rs`.
 * @return CLASSIFY_OK, CLASSIFY_DONE (index past the last detector), CLASSIFY_E_INVALID
 *         (rs or out NULL) or CLASSIFY_E_VERSION (out->struct_size too small).
 */
CLASSIFY_API int classify_ruleset_detector(const classify_ruleset *rs, size_t index,
                                           classify_detector_info *out);

/* =======================================================================================
 * Scanning
 * ======================================================================================= */

typedef struct classify_scanner classify_scanner;

/** Options for one scan. Zero-initialise with CLASSIFY_SCAN_OPTIONS_INIT. */
typedef struct classify_scan_options {
    size_t struct_size;     /* sizeof(classify_scan_options); set by the _INIT macro       */
    int64_t as_of;          /* the date whose policies apply, in seconds since the Unix
                               epoch (UTC); 0 = now                                         */
    double min_confidence;  /* drop findings below this confidence (0..1); 0 = keep all     */
    uint32_t max_findings;  /* keep at most this many findings; 0 = the default
                               (CLASSIFY_DEFAULT_MAX_FINDINGS); at most
                               CLASSIFY_LIMIT_MAX_FINDINGS. Reaching it makes the scan
                               incomplete.                                                  */
    uint32_t flags;         /* CLASSIFY_SCAN_* bits; 0 = defaults                           */
    uint32_t deadline_ms;   /* stop after about this many milliseconds; 0 = no deadline.
                               Stopping makes the scan incomplete.                          */
    uint32_t reserved;      /* must be 0                                                    */
    const volatile int *cancel; /* if not NULL, the scan stops (incomplete) soon after
                               *cancel becomes non-zero, e.g. from another thread           */
} classify_scan_options;

#define CLASSIFY_SCAN_OPTIONS_INIT { sizeof(classify_scan_options), 0, 0.0, 0, 0, 0, 0, 0 }

/** Sets *opts to the defaults for a struct of `struct_size` bytes (for FFIs). */
CLASSIFY_API int classify_scan_options_init(classify_scan_options *opts, size_t struct_size);

/**
 * Creates a scanner: scratch memory for scans and the place their results are kept.
 * @return CLASSIFY_OK, CLASSIFY_E_INVALID (out NULL) or CLASSIFY_E_NOMEM.
 */
CLASSIFY_API int classify_scanner_new(classify_scanner **out);

/** Releases a scanner and the result it holds. NULL is a harmless no-op. */
CLASSIFY_API void classify_scanner_free(classify_scanner *sc);

/**
 * Scans `len` bytes at `data` with ruleset `rs` and keeps the result in the scanner,
 * replacing the previous one (and invalidating every string borrowed from it).
 *
 * The result is a list of findings ordered by (start, end, detector index) and a decision
 * for the whole buffer. Where findings of different detectors overlap, the one with the
 * higher confidence is kept; on a tie, the one whose detector's level ranks higher, then
 * the longer one, then the earlier detector in the pack. Findings of the same detector
 * never overlap.
 *
 * @param sc    the scanner. Required.
 * @param rs    the ruleset. Required. The scanner keeps it alive while it holds the result.
 * @param data  the bytes; may be NULL when len is 0 (an empty input has no findings).
 * @param len   their length in bytes.
 * @param opts  NULL for defaults.
 * @return CLASSIFY_OK; CLASSIFY_INCOMPLETE if the scan stopped early (the result is
 *         usable and says why); CLASSIFY_E_INVALID (sc or rs NULL, data NULL with len > 0,
 *         an option out of range, reserved not 0); CLASSIFY_E_VERSION (opts->struct_size);
 *         CLASSIFY_E_BUSY; CLASSIFY_E_NOMEM. After an error the scanner holds an empty
 *         result.
 */
CLASSIFY_API int classify_scanner_scan(classify_scanner *sc, const classify_ruleset *rs,
                                       const void *data, size_t len,
                                       const classify_scan_options *opts);

/** Bits of classify_finding.flags. */
#define CLASSIFY_FINDING_VALIDATED 0x1u /* the detector's validator accepted the value    */
#define CLASSIFY_FINDING_KEYWORD 0x2u   /* a keyword near the value raised the confidence */

/** One finding. */
typedef struct classify_finding {
    size_t struct_size;      /* in: sizeof(classify_finding); set by the _INIT macro     */
    uint64_t start;          /* byte offset of the first byte                           */
    uint64_t end;            /* byte offset one past the last byte                      */
    const char *detector;    /* detector id, e.g. "credit_card"                          */
    const char *type;        /* entity type, e.g. "CREDIT_CARD"                          */
    const char *category;    /* "pii", "phi", "financial", "credential" or "network"     */
    const char *level;       /* the level this finding alone leads to under the policies
                                in force, e.g. "restricted"                             */
    double confidence;       /* 0..1, after validation and context                      */
    uint32_t flags;          /* CLASSIFY_FINDING_* bits                                  */
    uint32_t detector_index; /* 0 ..< classify_ruleset_detector_count()                 */
} classify_finding;

#define CLASSIFY_FINDING_INIT { sizeof(classify_finding), 0, 0, 0, 0, 0, 0, 0.0, 0, 0 }

/** The number of findings of the last scan; 0 for NULL or before the first scan. */
CLASSIFY_API size_t classify_scanner_finding_count(const classify_scanner *sc);

/**
 * Copies finding number `index` of the last scan into *out (at most out->struct_size
 * bytes). Its strings are owned by the scanner and valid until its next scan or its free.
 * Iterate with: for (i = 0; classify_scanner_finding(sc, i, &f) == CLASSIFY_OK; i++).
 * @return CLASSIFY_OK, CLASSIFY_DONE (index past the last finding), CLASSIFY_E_INVALID
 *         (sc or out NULL) or CLASSIFY_E_VERSION (out->struct_size too small).
 */
CLASSIFY_API int classify_scanner_finding(const classify_scanner *sc, size_t index,
                                          classify_finding *out);

/** Bits of classify_decision.incomplete: why a scan stopped early. */
#define CLASSIFY_INCOMPLETE_MAX_FINDINGS 0x1u /* max_findings was reached             */
#define CLASSIFY_INCOMPLETE_DEADLINE 0x2u     /* deadline_ms passed                    */
#define CLASSIFY_INCOMPLETE_CANCELLED 0x4u    /* *cancel became non-zero               */
#define CLASSIFY_INCOMPLETE_MATCH_LIMIT 0x8u  /* a pattern hit PCRE2's match limit     */
#define CLASSIFY_INCOMPLETE_WINDOW 0x10u      /* a match of an unbounded pattern reached
                                                 the longest match the engine follows
                                                 (8 KiB); it may be longer             */

/** The classification of the whole buffer of the last scan. */
typedef struct classify_decision {
    size_t struct_size;      /* in: sizeof(classify_decision); set by the _INIT macro    */
    const char *level;       /* the highest level of any finding under the policies in
                                force, or the pack's lowest level if there is none      */
    uint32_t level_rank;     /* its 0-based rank in the pack's `levels` (0 = lowest)     */
    uint32_t needs_review;   /* 1 if a finding's confidence is below the pack's review
                                threshold, or the scan is incomplete; else 0            */
    double confidence;       /* the highest confidence of the findings that set the
                                level; 0 with no findings                               */
    const char *const *frameworks; /* the frameworks of all findings (union, sorted),
                                e.g. {"GDPR", "PCI_DSS"}                                 */
    size_t framework_count;
    size_t finding_count;
    uint32_t incomplete;     /* CLASSIFY_INCOMPLETE_* bits; 0 = the scan is complete     */
    uint32_t reserved;
    int64_t as_of;           /* the date used, seconds since the Unix epoch (UTC)        */
    const char *pack_id;     /* provenance: the pack that made this result               */
    const char *pack_version;
    const char *pack_digest;
} classify_decision;

#define CLASSIFY_DECISION_INIT \
    { sizeof(classify_decision), 0, 0, 0, 0.0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }

/**
 * Copies the decision of the last scan into *out. Strings and the frameworks array are
 * owned by the scanner and valid until its next scan or its free.
 * @return CLASSIFY_OK, CLASSIFY_E_INVALID (sc or out NULL, or no scan yet) or
 *         CLASSIFY_E_VERSION.
 */
CLASSIFY_API int classify_scanner_decision(const classify_scanner *sc,
                                           classify_decision *out);

/**
 * The whole result of the last scan as one JSON document (schema "classify.result/1",
 * described in docs/result-json.md): the decision, the pack's provenance and every
 * finding with its explanation (which pattern matched, what the validator said, which
 * keyword raised the confidence). It never contains the scanned bytes.
 *
 * @param json  receives a NUL-terminated UTF-8 string owned by the scanner, valid until
 *              its next scan or its free. Required.
 * @param len   if not NULL, receives the length in bytes (without the NUL).
 * @return CLASSIFY_OK, CLASSIFY_E_INVALID (sc or json NULL, or no scan yet).
 */
CLASSIFY_API int classify_scanner_result_json(classify_scanner *sc, const char **json,
                                              size_t *len);

/* =======================================================================================
 * Engines: hot swap of rulesets
 * ======================================================================================= */

/* =======================================================================================
 * Reclassification of stored results
 * ======================================================================================= */

/* =======================================================================================
 * Streams: chunked input
 * ======================================================================================= */

/* =======================================================================================
 * Records: named fields
 * ======================================================================================= */

/* =======================================================================================
 * Redaction
 * ======================================================================================= */

#ifdef __cplusplus
}
#endif

#endif /* CLASSIFY_H */
