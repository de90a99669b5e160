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
 *   classify_engine    holds the current ruleset of a long-running process and swaps it
 *                      atomically (classify_engine_*): see "Engines".
 *   classify_stream    chunked input with findings across chunk boundaries, reported with
 *                      absolute offsets (classify_stream_*): see "Streams".
 *   classify_profile   per-column statistics over many records, without the values
 *                      (classify_profile_*): see "Records".
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
 * Environment
 *
 *   The library reads one environment variable, once, at the first scan in the process:
 *   CLASSIFY_NO_AVX2, set and not "0", makes every scan use the portable C code of the
 *   one pass over the input even on a CPU with AVX2 (to compare the two: the findings are
 *   the same; the scan is slower). Without AVX2 the portable code runs anyway.
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

/** Skip the checks that run a pack before it is accepted: the detectors' `examples` (a
 *  failing one gives CLASSIFY_E_PACK) and the adversarial probes of every pattern (a
 *  pattern whose work per match attempt explodes, whose time grows faster than its
 *  input, or which costs more than 100 ms of CPU per MiB, on inputs built from its own
 *  character classes gives CLASSIFY_E_PATTERN; docs/limits.md).
 *  Faster to open; use for packs already validated (`classify pack validate`). Built-in
 *  packs are validated by the library's own tests and always open without these checks. */
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
    int64_t data_created;   /* when the data was created, seconds since the Unix epoch
                               (UTC), for the pack's lifecycle rules (docs/rule-packs.md,
                               "Lifecycle"); 0 = unknown: rules on the data's age do not
                               apply                                                        */
} classify_scan_options;

#define CLASSIFY_SCAN_OPTIONS_INIT { sizeof(classify_scan_options), 0, 0.0, 0, 0, 0, 0, 0, 0 }

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
 * Memory: the scanner keeps its scratch lists and the storage of its last result from scan
 * to scan. Once they have grown to the inputs it sees, a scan allocates no heap memory:
 * scanning many records, or the same kind of data over and over, with one scanner per
 * thread costs no malloc per call (Tests/CAPI/alloc_test.c checks this).
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
    const char *field;       /* records (classify_scanner_scan_record()): the name of the
                                field the finding is in, and start and end are offsets
                                into that field's value; NULL for other scans            */
} classify_finding;

#define CLASSIFY_FINDING_INIT { sizeof(classify_finding), 0, 0, 0, 0, 0, 0, 0.0, 0, 0, 0 }

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

/**
 * Which detectors an incomplete last scan (or stream call) affected: those whose search a
 * bound stopped or cut short (a deadline or cancel reached while or before they ran, a
 * match or window limit they hit, findings of theirs dropped by max_findings). Every other
 * detector searched the whole input. Writes at most `cap` detector indices (for
 * classify_ruleset_detector()), ascending, to `out`, and returns how many there are in all,
 * so a call with `cap` 0 (and `out` NULL) asks for the count. 0 for a complete scan, a NULL
 * scanner or before the first scan. Threading and lifetime as classify_scanner_finding().
 */
CLASSIFY_API size_t classify_scanner_incomplete_detectors(const classify_scanner *sc, uint32_t *out,
                                                          size_t cap);

/** Bits of classify_decision.incomplete: why a scan stopped early. */
#define CLASSIFY_INCOMPLETE_MAX_FINDINGS 0x1u /* max_findings was reached             */
#define CLASSIFY_INCOMPLETE_DEADLINE 0x2u     /* deadline_ms passed                    */
#define CLASSIFY_INCOMPLETE_CANCELLED 0x4u    /* *cancel became non-zero               */
#define CLASSIFY_INCOMPLETE_MATCH_LIMIT 0x8u  /* a pattern hit PCRE2's match limit (or
                                                 PCRE2 failed to search it)            */
#define CLASSIFY_INCOMPLETE_WINDOW 0x10u      /* a match of an unbounded pattern reached
                                                 the longest match the engine follows
                                                 (8 KiB); it may be longer             */

/** The classification of the whole buffer of the last scan. */
typedef struct classify_decision {
    size_t struct_size;      /* in: sizeof(classify_decision); set by the _INIT macro    */
    const char *level;       /* the highest level of any finding under the policies in
                                force, or the pack's lowest level if there is none;
                                then raised or lowered by the pack's lifecycle rules
                                that fire (docs/rule-packs.md, "Lifecycle")              */
    uint32_t level_rank;     /* its 0-based rank in the pack's `levels` (0 = lowest)     */
    uint32_t needs_review;   /* 1 if a finding's confidence is below the pack's review
                                threshold, the scan is incomplete, or a lifecycle rule
                                that fired asks for review; else 0                      */
    double confidence;       /* the highest confidence of the findings that set the
                                level before lifecycle rules; 0 with no findings        */
    const char *const *frameworks; /* the frameworks of all findings (union, sorted),
                                e.g. {"GDPR", "PCI_DSS"}                                 */
    size_t framework_count;
    size_t finding_count;    /* after classify_scanner_scan() or classify_engine_scan():
                                the number of findings, equal to
                                classify_scanner_finding_count(); after a re-decision
                                or a stream, see those functions                        */
    uint32_t incomplete;     /* CLASSIFY_INCOMPLETE_* bits; 0 = the scan is complete     */
    uint32_t reserved;
    int64_t as_of;           /* the date used, seconds since the Unix epoch (UTC)        */
    const char *pack_id;     /* provenance: the pack that made this result               */
    const char *pack_version;
    const char *pack_digest;
    uint64_t generation;     /* the engine generation of the ruleset that made the result
                                (see "Engines"); 0 for results not made through an engine */
} classify_decision;

#define CLASSIFY_DECISION_INIT \
    { sizeof(classify_decision), 0, 0, 0, 0.0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }

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

/**
 * Copies the decision and the findings of the last scan (or of any call that leaves a
 * result in the scanner) in one call: what classify_scanner_decision() and
 * classify_scanner_finding() for index 0, 1, ... give, for callers whose every call into C
 * is costly (bindings through an FFI such as Python's ctypes).
 *
 * `findings` is an array of `cap` structs. Only findings[0].struct_size is read: it is the
 * size of every element (the caller's sizeof(classify_finding)) and so the array's stride;
 * every element written gets that struct_size. So `classify_finding rows[64] =
 * {CLASSIFY_FINDING_INIT};` is ready to use.
 *
 * The strings written, but for a finding's `field`, are the ruleset's own: every result made
 * with one ruleset hands out the same pointer for the same string (a level, a framework
 * name in the decision's frameworks array, a detector's id, type or category, the pack's
 * id, version and digest) for as long as that ruleset lives, so a caller may cache what it
 * decoded by pointer, per ruleset. Like every string of a result (and the frameworks array,
 * which is the scanner's), they may be used until the scanner's next scan or its free.
 *
 * Threading and lifetime as classify_scanner_finding(). When it fails it writes no decision
 * and no finding (and *count is 0).
 *
 * @param sc        the scanner. Required.
 * @param decision  if not NULL, receives the decision (at most decision->struct_size
 *                  bytes), as classify_scanner_decision() gives it.
 * @param findings  receives the first min(cap, *count) findings, in order; may be NULL
 *                  when cap is 0.
 * @param cap       the number of elements of `findings`; 0 to copy none.
 * @param count     if not NULL, receives the number of findings of the result, all of them
 *                  (classify_scanner_finding_count()); when it is more than cap, only the
 *                  first cap were written: read the rest with classify_scanner_finding(),
 *                  or call again with a larger array. 0 when the call fails.
 * @return CLASSIFY_OK; CLASSIFY_E_INVALID (sc NULL, findings NULL with cap > 0, or no
 *         result: before the first scan, or after a call that failed); CLASSIFY_E_VERSION
 *         (decision->struct_size, or with cap > 0 findings[0].struct_size, smaller than the
 *         first version of its struct, larger than 4096 or, for findings, not a multiple of
 *         the struct's alignment).
 */
CLASSIFY_API int classify_scanner_result(const classify_scanner *sc, classify_decision *decision,
                                         classify_finding *findings, size_t cap, size_t *count);

/* =======================================================================================
 * Engines: hot swap of rulesets
 *
 * A classify_engine holds the current ruleset of a long-running process and replaces it
 * atomically when a new pack arrives, while other threads keep classifying:
 *
 *   - A swap opens, verifies and compiles the new pack first, without holding any lock.
 *     Only when all of that succeeded does it publish the new ruleset, by exchanging one
 *     pointer. A failed swap returns its error and changes nothing: the current ruleset
 *     and the generation stay as they were.
 *   - classify_engine_scan() takes the current ruleset when it starts and finishes on it,
 *     whatever swaps happen meanwhile. It never waits for a swap to compile anything; the
 *     engine's lock is held only to copy or exchange the pointer.
 *   - A replaced ruleset is freed when its last user is done: the scans in flight, the
 *     scanners holding a result made with it, and the references handed out by
 *     classify_engine_ruleset().
 *
 * Every successful swap increments the engine's generation (1 for the first ruleset). Every
 * result made through the engine carries it (classify_decision.generation) along with the
 * pack's id, version and digest, so a result can be matched to the ruleset that made it.
 *
 * Integrity (docs/rule-packs.md, "Signatures"). With CLASSIFY_ENGINE_REQUIRE_SIGNATURES,
 * each pack or bundle a swap reads must carry a detached Ed25519 signature by one of the
 * trusted keys (FILE.sig next to a file). The signature covers the pack's id, version and
 * the SHA-256 digest of its exact bytes, and is verified before the JSON is parsed: a
 * changed byte, a signature moved from another pack, or an unknown signer gives
 * CLASSIFY_E_SIGNATURE. Built-in packs are part of the library and need no signature.
 * Unless CLASSIFY_ENGINE_ALLOW_DOWNGRADE is set, a swap to an older version of the pack
 * that is loaded (the same id, a lower semantic version) gives CLASSIFY_E_DOWNGRADE;
 * the same version again is accepted.
 *
 *   classify_engine_options eo = CLASSIFY_ENGINE_OPTIONS_INIT;
 *   const char *keys[] = { acme_pub_text };          // the text of KEYBASE.pub
 *   eo.flags = CLASSIFY_ENGINE_REQUIRE_SIGNATURES;
 *   eo.trusted_keys = keys;
 *   eo.trusted_key_count = 1;
 *   classify_engine *eng = NULL;
 *   if (classify_engine_new(&eng, NULL, &eo, &err) != CLASSIFY_OK ||
 *       classify_engine_swap_file(eng, "/etc/acme/rules.json", &err) != CLASSIFY_OK)
 *       ...                                          // reads /etc/acme/rules.json.sig too
 *   // each worker thread, with its own scanner:
 *   classify_engine_scan(eng, sc, data, len, NULL);
 *   // when the file changes (any thread):
 *   if (classify_engine_swap_file(eng, "/etc/acme/rules.json", &err) != CLASSIFY_OK)
 *       log_error(classify_error_message(err));      // the previous ruleset stays
 *
 * Threading: an engine is thread-safe. Any number of threads may scan through it and swap
 * it at the same time (concurrent swaps are applied one after the other). Each scanner is
 * still used by one thread at a time.
 * ======================================================================================= */

/** A required signature is missing, malformed, made by a key that is not trusted, or does
 *  not verify; or a digest a bundle pins does not match. Nothing was parsed. */
#define CLASSIFY_E_SIGNATURE (-9)
/** The swap would replace the loaded pack by an older version of it, and
 *  CLASSIFY_ENGINE_ALLOW_DOWNGRADE is not set. */
#define CLASSIFY_E_DOWNGRADE (-10)

typedef struct classify_engine classify_engine;

/** Options of an engine. Zero-initialise with CLASSIFY_ENGINE_OPTIONS_INIT. */
typedef struct classify_engine_options {
    size_t struct_size;          /* sizeof(classify_engine_options); set by the _INIT macro */
    uint32_t flags;              /* CLASSIFY_ENGINE_* bits; 0 = defaults                    */
    uint32_t open_flags;         /* CLASSIFY_OPEN_* bits for the packs swaps open          */
    const char *const *trusted_keys; /* public keys allowed to sign packs: each the text of
                                    a KEYBASE.pub file (classify pack keygen) or the base64
                                    of the 32 key bytes. Copied by classify_engine_new().  */
    size_t trusted_key_count;
} classify_engine_options;

/** Packs and bundles that swaps read must be signed by a trusted key. A ruleset handed to
 *  classify_engine_new() or classify_engine_swap_ruleset() must be a built-in one, or one
 *  that an engine verified with a key this engine trusts (from classify_engine_ruleset()). */
#define CLASSIFY_ENGINE_REQUIRE_SIGNATURES 0x1u
/** Accept a swap to an older version of the loaded pack. */
#define CLASSIFY_ENGINE_ALLOW_DOWNGRADE 0x2u

#define CLASSIFY_ENGINE_OPTIONS_INIT { sizeof(classify_engine_options), 0, 0, 0, 0 }

/** Sets *opts to the defaults for a struct of `struct_size` bytes (for FFIs).
 *  Returns CLASSIFY_OK, CLASSIFY_E_INVALID (opts NULL) or CLASSIFY_E_VERSION. */
CLASSIFY_API int classify_engine_options_init(classify_engine_options *opts, size_t struct_size);

/**
 * Creates an engine.
 *
 * @param out       receives the engine; NULL on failure. Required.
 * @param rs        the first ruleset (generation 1), or NULL to start empty (generation 0:
 *                  scans fail with CLASSIFY_E_INVALID until the first swap). The engine
 *                  takes its own reference; the caller may free `rs` at once. With
 *                  CLASSIFY_ENGINE_REQUIRE_SIGNATURES it must be verified (see the flag).
 * @param opts      NULL for defaults (no signatures required, no downgrades).
 * @param error_out optional; see "Errors".
 * @return CLASSIFY_OK, CLASSIFY_E_INVALID (out NULL, unknown flags, a trusted key that is
 *         not a public key, keys NULL with a count), CLASSIFY_E_VERSION (opts->struct_size),
 *         CLASSIFY_E_SIGNATURE (signatures required and `rs` not verified) or
 *         CLASSIFY_E_NOMEM.
 */
CLASSIFY_API int classify_engine_new(classify_engine **out, const classify_ruleset *rs,
                                     const classify_engine_options *opts,
                                     classify_error **error_out);

/** Releases an engine. Results and rulesets handed out keep what they need alive. Must not
 *  be called while another thread still uses the engine. NULL is a harmless no-op. */
CLASSIFY_API void classify_engine_free(classify_engine *eng);

/**
 * Reads a pack or a bundle (whichever its "schema" says) from a file, verifies it when
 * signatures are required (signature in "<path>.sig"), compiles it and makes it the current
 * ruleset. A bundle's relative pack paths start at the manifest's directory.
 * @return CLASSIFY_OK, or the error of the failed step - CLASSIFY_E_IO, CLASSIFY_E_LIMIT,
 *         CLASSIFY_E_SIGNATURE, CLASSIFY_E_PACK, CLASSIFY_E_PATTERN, CLASSIFY_E_VERSION,
 *         CLASSIFY_E_DOWNGRADE, CLASSIFY_E_INVALID (eng or path NULL) - in which case the
 *         current ruleset is unchanged.
 * Thread-safe.
 */
CLASSIFY_API int classify_engine_swap_file(classify_engine *eng, const char *path,
                                           classify_error **error_out);

/**
 * Like classify_engine_swap_file(), with the document in memory.
 * @param json          the pack or bundle; need not be NUL-terminated.
 * @param len           its length; at most CLASSIFY_LIMIT_PACK_BYTES.
 * @param signature     the text of its signature file, or NULL (then a swap requiring
 *                      signatures fails with CLASSIFY_E_SIGNATURE).
 * @param signature_len its length.
 * @param name          a name for messages, NULL for "<buffer>"; a bundle's relative pack
 *                      paths start at the directory part of `name`. Copied.
 */
CLASSIFY_API int classify_engine_swap_buffer(classify_engine *eng, const char *json, size_t len,
                                             const char *signature, size_t signature_len,
                                             const char *name, classify_error **error_out);

/**
 * Makes a compiled ruleset the current one (the engine takes its own reference). With
 * CLASSIFY_ENGINE_REQUIRE_SIGNATURES only a verified ruleset is accepted (see the flag;
 * CLASSIFY_E_SIGNATURE otherwise: swap the signed file instead). Downgrades are refused as
 * for the other swaps.
 * @return CLASSIFY_OK, CLASSIFY_E_INVALID (eng or rs NULL), CLASSIFY_E_SIGNATURE or
 *         CLASSIFY_E_DOWNGRADE. Thread-safe.
 */
CLASSIFY_API int classify_engine_swap_ruleset(classify_engine *eng, const classify_ruleset *rs,
                                              classify_error **error_out);

/** The generation of the current ruleset: 0 before the first, then 1, 2, ... one per
 *  successful swap. 0 for NULL. Thread-safe. */
CLASSIFY_API uint64_t classify_engine_generation(const classify_engine *eng);

/**
 * A new reference to the current ruleset, to inspect it (id, version, digest, detectors)
 * or to scan with it directly; free it with classify_ruleset_free().
 * @return CLASSIFY_OK, or CLASSIFY_E_INVALID (out or eng NULL, or no ruleset yet; *out is
 *         then NULL). Thread-safe.
 */
CLASSIFY_API int classify_engine_ruleset(classify_ruleset **out, const classify_engine *eng);

/**
 * Scans with the engine's current ruleset, as classify_scanner_scan() does with a given
 * one, and keeps the result in the scanner. The result's decision carries the generation
 * of the ruleset used. The scan finishes on that ruleset even if a swap replaces it
 * meanwhile.
 * @return as classify_scanner_scan(); CLASSIFY_E_INVALID also before the first ruleset.
 * Thread-safe with respect to the engine; the scanner is used by one thread at a time.
 */
CLASSIFY_API int classify_engine_scan(classify_engine *eng, classify_scanner *sc,
                                      const void *data, size_t len,
                                      const classify_scan_options *opts);

/* =======================================================================================
 * Reclassification of stored results
 *
 * A summary (schema "classify.summary/1", docs/result-json.md) records what a scan found
 * without the data: the pack's id, version and digest, the engine generation, the date
 * used, the data's creation time, the decision, and for each detector that found something
 * the number of findings, their highest and lowest confidence and the level they led to.
 * It holds no offsets and no matched bytes, so it can be stored with the data's metadata.
 *
 * A summary can be decided again - under another ruleset, as of another date, or both -
 * without reading the data again. The new decision is the one a scan of the same data
 * would give whenever the new ruleset's detectors find what the old ones found: in
 * particular when the detectors are the same and only the policies, lifecycle rules or
 * dates differ (a regulation that takes effect, an overlay pack). Detectors of the summary
 * that the new ruleset does not have take no part in the decision; the new summary keeps
 * them under "unmatched".
 *
 *   const char *s; size_t n;
 *   classify_scanner_scan(sc, rs, data, len, NULL);
 *   classify_scanner_summary_json(sc, &s, &n);          // store s with the data
 *   ...
 *   classify_reclassify_options ro = CLASSIFY_RECLASSIFY_OPTIONS_INIT;
 *   ro.as_of = 1798761600;                              // 2027-01-01
 *   if (classify_scanner_reclassify(sc, new_rs, stored, stored_len, &ro, &err) == CLASSIFY_OK) {
 *       classify_decision d = CLASSIFY_DECISION_INIT;
 *       classify_scanner_decision(sc, &d);              // the new level
 *   }
 * ======================================================================================= */

/** Options of a re-decision. Zero-initialise with CLASSIFY_RECLASSIFY_OPTIONS_INIT. */
typedef struct classify_reclassify_options {
    size_t struct_size;     /* sizeof(classify_reclassify_options); set by the _INIT macro  */
    int64_t as_of;          /* the date whose policies apply, seconds since the Unix epoch
                               (UTC); 0 = now                                              */
    int64_t data_created;   /* when the data was created, seconds since the Unix epoch
                               (UTC); 0 = the time the summary records                     */
    uint32_t flags;         /* none yet; must be 0                                          */
    uint32_t reserved;      /* must be 0                                                    */
} classify_reclassify_options;

#define CLASSIFY_RECLASSIFY_OPTIONS_INIT { sizeof(classify_reclassify_options), 0, 0, 0, 0 }

/** Sets *opts to the defaults for a struct of `struct_size` bytes (for FFIs).
 *  Returns CLASSIFY_OK, CLASSIFY_E_INVALID (opts NULL) or CLASSIFY_E_VERSION. */
CLASSIFY_API int classify_reclassify_options_init(classify_reclassify_options *opts,
                                                  size_t struct_size);

/**
 * The summary of the scanner's last result as one line of JSON (schema
 * "classify.summary/1"). It never contains the scanned bytes or offsets.
 *
 * @param json  receives a NUL-terminated UTF-8 string owned by the scanner, valid until its
 *              next scan or re-decision, or its free. Required.
 * @param len   if not NULL, receives the length in bytes (without the NUL).
 * @return CLASSIFY_OK, CLASSIFY_E_INVALID (sc or json NULL, or no result yet).
 */
CLASSIFY_API int classify_scanner_summary_json(classify_scanner *sc, const char **json,
                                               size_t *len);

/**
 * Decides a stored summary again under ruleset `rs` and keeps the result in the scanner,
 * replacing the previous one, as a scan would. The result has no findings
 * (classify_scanner_finding_count() is 0); its decision (classify_scanner_decision()) is
 * the new classification, with finding_count the number of findings the summary counts
 * and generation 0; classify_scanner_summary_json() gives the new summary.
 *
 * @param sc        the scanner. Required.
 * @param rs        the ruleset to decide under. Required.
 * @param summary   the summary's JSON text; need not be NUL-terminated. Unknown members
 *                  are ignored (later versions may add some).
 * @param len       its length in bytes; at most CLASSIFY_LIMIT_PACK_BYTES.
 * @param opts      NULL for defaults (today; the summary's creation time).
 * @param error_out optional; see "Errors". A malformed summary names the JSON pointer.
 * @return CLASSIFY_OK; CLASSIFY_E_INVALID (a NULL argument, a malformed summary, an option
 *         out of range); CLASSIFY_E_VERSION (another summary schema, opts->struct_size);
 *         CLASSIFY_E_LIMIT; CLASSIFY_E_BUSY; CLASSIFY_E_NOMEM. After an error the scanner
 *         holds an empty result.
 */
CLASSIFY_API int classify_scanner_reclassify(classify_scanner *sc, const classify_ruleset *rs,
                                             const char *summary, size_t len,
                                             const classify_reclassify_options *opts,
                                             classify_error **error_out);

/**
 * Like classify_scanner_reclassify(), under the engine's current ruleset; the result
 * carries its generation. CLASSIFY_E_INVALID before the engine's first ruleset.
 */
CLASSIFY_API int classify_engine_reclassify(classify_engine *eng, classify_scanner *sc,
                                            const char *summary, size_t len,
                                            const classify_reclassify_options *opts,
                                            classify_error **error_out);

/* =======================================================================================
 * Streams: chunked input
 *
 * A classify_stream scans input that arrives in pieces - a socket, a pipe, a file read in
 * blocks - without holding all of it. Write the pieces in order, in pieces of any size (one
 * byte is fine), then finish:
 *
 *   classify_stream *st = NULL;
 *   if (classify_stream_open(&st, rs, NULL) != CLASSIFY_OK) ...
 *   classify_finding f = CLASSIFY_FINDING_INIT;
 *   while ((n = read(fd, buf, sizeof buf)) > 0) {
 *       if (classify_stream_write(st, sc, buf, (size_t)n) < 0) break;
 *       for (size_t i = 0; classify_scanner_finding(sc, i, &f) == CLASSIFY_OK; i++)
 *           report(f.type, f.start, f.end);           // offsets from the stream's start
 *   }
 *   classify_stream_finish(st, sc);
 *   for (size_t i = 0; classify_scanner_finding(sc, i, &f) == CLASSIFY_OK; i++)
 *       report(f.type, f.start, f.end);               // the last ones
 *   classify_decision d = CLASSIFY_DECISION_INIT;
 *   classify_scanner_decision(sc, &d);                // the whole stream's decision
 *   classify_stream_free(st);
 *
 * What a stream promises (docs/streaming.md):
 *
 *   - Its findings are exactly those classify_scanner_scan() finds in the whole input at
 *     once, whatever the pieces: also a value split between two writes, and a keyword in
 *     an earlier write than its value. Each is reported exactly once, with byte offsets
 *     counted from the first byte of the first write (uint64_t: no 4 GiB ceiling), in the
 *     order of the whole scan.
 *   - Each write reports the findings it settles: those no later byte can change or
 *     outrank. A finding is reported at the latest by the write that brings the stream
 *     classify_ruleset_max_window(rs) bytes past its end - later only while it overlaps a
 *     chain of other candidates that keeps growing - and always by classify_stream_finish().
 *   - A stream keeps about classify_ruleset_max_window(rs) bytes of input (at most that
 *     plus 128 KiB), however long the input and however large the pieces.
 *   - The scan options hold for the whole stream: as_of, min_confidence and data_created as
 *     for one scan; max_findings counts the stream's findings; deadline_ms bounds each call
 *     (input a call could not scan in time is skipped, and the stream is incomplete);
 *     *cancel is read by every call.
 *   - With redaction options, the stream also makes a redacted copy of its input (see
 *     "Redaction"): each call gives the next bytes of it, as soon as they can no longer be
 *     part of a finding; after classify_stream_finish() the copy is complete.
 *
 * Each call replaces the scanner's result, as a scan does: classify_scanner_finding() gives
 * the findings the call reported; classify_scanner_decision() the decision over every
 * finding reported since the stream was opened (its finding_count counts them all; its
 * incomplete bits are the stream's so far); classify_scanner_result_json() this call's
 * findings with that decision; classify_scanner_summary_json() the summary of the whole
 * stream so far; classify_scanner_redacted() this call's part of the redacted copy.
 *
 * Threading: a stream holds the state of one input. Use it from one thread at a time (a
 * concurrent call is detected on a best-effort basis and gets CLASSIFY_E_BUSY). The
 * scanner passed to each call lends its scratch memory and receives the result, so one
 * scanner per thread can serve any number of streams.
 * ======================================================================================= */

typedef struct classify_stream classify_stream;

/** Options of a stream. Zero-initialise with CLASSIFY_STREAM_OPTIONS_INIT. */
typedef struct classify_stream_options {
    size_t struct_size;      /* sizeof(classify_stream_options); set by the _INIT macro   */
    const classify_scan_options *scan; /* NULL = defaults; read by classify_stream_open() */
    const struct classify_redact_options *redact; /* NULL = no redacted copy; else how
                                to redact (see "Redaction"); read by classify_stream_open()
                                (the key is copied)                                      */
} classify_stream_options;

#define CLASSIFY_STREAM_OPTIONS_INIT { sizeof(classify_stream_options), 0, 0 }

/** Sets *opts to the defaults for a struct of `struct_size` bytes (for FFIs).
 *  Returns CLASSIFY_OK, CLASSIFY_E_INVALID (opts NULL) or CLASSIFY_E_VERSION. */
CLASSIFY_API int classify_stream_options_init(classify_stream_options *opts, size_t struct_size);

/**
 * The most bytes a stream on `rs` keeps of its input to report what a whole scan reports:
 * how far a match attempt may read before and after its start (a pattern without a bound
 * on its length counts as 8 KiB, see CLASSIFY_INCOMPLETE_WINDOW), plus the longest keyword
 * distance of its detectors and 64 bytes. A finding is reported at the latest once this
 * many bytes follow its end. 0 for NULL. Thread-safe.
 */
CLASSIFY_API uint64_t classify_ruleset_max_window(const classify_ruleset *rs);

/**
 * Opens a stream on ruleset `rs`.
 *
 * @param out   receives the stream; NULL on failure. Required.
 * @param rs    the ruleset. Required. The stream keeps it alive until it is freed.
 * @param opts  NULL for defaults (no redaction). Its scan and redaction options are read
 *              now; "now" for as_of is now.
 * @return CLASSIFY_OK, CLASSIFY_E_INVALID (out or rs NULL, an option out of range, a hash
 *         redaction without a key), CLASSIFY_E_VERSION (a struct_size) or CLASSIFY_E_NOMEM.
 */
CLASSIFY_API int classify_stream_open(classify_stream **out, const classify_ruleset *rs,
                                      const classify_stream_options *opts);

/**
 * Scans the next `len` bytes of the stream's input and keeps the findings this call
 * settled (and its part of the redacted copy) in scanner `sc`, replacing its previous
 * result. The bytes are borrowed for the call only; the stream copies what it must keep.
 *
 * @param st    the stream. Required.
 * @param sc    the scanner. Required.
 * @param data  the bytes; may be NULL when len is 0.
 * @param len   their length; any size.
 * @return CLASSIFY_OK; CLASSIFY_INCOMPLETE if the stream has stopped early somewhere so far
 *         (the findings are valid; see classify_decision.incomplete); CLASSIFY_E_INVALID
 *         (st or sc NULL, data NULL with len > 0, the stream already finished);
 *         CLASSIFY_E_BUSY (the stream or the scanner in use by another thread);
 *         CLASSIFY_E_NOMEM. After an error the scanner holds an empty result and the
 *         stream is as before the call.
 */
CLASSIFY_API int classify_stream_write(classify_stream *st, classify_scanner *sc,
                                       const void *data, size_t len);

/**
 * Ends the stream's input: scans what it still holds, reports every finding not reported
 * yet and the rest of the redacted copy, and makes the decision final. The scanner's
 * result is then the last findings with the whole stream's decision. A stream is finished
 * once; writing to it afterwards gives CLASSIFY_E_INVALID.
 * @return as classify_stream_write().
 */
CLASSIFY_API int classify_stream_finish(classify_stream *st, classify_scanner *sc);

/** The number of bytes written to the stream so far; 0 for NULL. */
CLASSIFY_API uint64_t classify_stream_offset(const classify_stream *st);

/** Releases a stream (finished or not). NULL is a harmless no-op. */
CLASSIFY_API void classify_stream_free(classify_stream *st);

/* =======================================================================================
 * Records: named fields
 *
 * A record is a list of named values: a row of a table (the column names as names), a JSON
 * object flattened to paths ("customer.ssn", "items[2].card"), the fields of a form. Each
 * value is scanned with its name in front of it as context, as if the text
 * "<name>: <value>" had been scanned: a detector's keywords and negative keywords match
 * the name the way they match nearby text (split into words the same way, within the
 * detector's max_distance / negative_distance of the value). So a field "customer.ssn"
 * makes nine bare digits a US_SSN with no keyword in the value, and "build.version" keeps
 * a dotted quad from being an IP address. The fields are scanned in one pass, kept apart
 * by newlines and NUL bytes past every keyword distance, so that no field is context for
 * another. Findings lie inside values only (a match that runs out of its value is not
 * one): classify_finding.field names the field, and start and end are offsets into its
 * value.
 *
 *   classify_field fields[2] = { CLASSIFY_FIELD_INIT, CLASSIFY_FIELD_INIT };
 *   fields[0].name = "customer.ssn"; fields[0].name_len = 12;
 *   fields[0].value = "536228726";   fields[0].value_len = 9;
 *   fields[1].name = "note";         fields[1].name_len = 4;
 *   fields[1].value = "call me";     fields[1].value_len = 7;
 *   classify_scanner_scan_record(sc, rs, fields, 2, NULL);
 *   // classify_scanner_finding(sc, 0, &f): f.field "customer.ssn", f.type "US_SSN", [0, 9)
 *
 * Over many records, a classify_profile learns what each column (field name) holds - the
 * entity types found in its values and the share of values holding each, the level and
 * frameworks that follow - without keeping any value (docs/structured.md).
 * ======================================================================================= */

/** One field of a record. Zero-initialise with CLASSIFY_FIELD_INIT. */
typedef struct classify_field {
    size_t struct_size;      /* sizeof(classify_field); set by the _INIT macro            */
    const char *name;        /* the field's name or path, e.g. "customer.ssn"; need not be
                                NUL-terminated; may be NULL when name_len is 0           */
    size_t name_len;         /* its length in bytes                                       */
    const void *value;       /* the value's bytes (any bytes); may be NULL when value_len
                                is 0                                                      */
    size_t value_len;        /* their length in bytes                                     */
} classify_field;

#define CLASSIFY_FIELD_INIT { sizeof(classify_field), 0, 0, 0, 0 }

/**
 * Scans a record of `count` fields with ruleset `rs` and keeps the result in the scanner,
 * replacing the previous one, as classify_scanner_scan() does. The findings are ordered by
 * field, then by (start, end, detector index); each one's `field` is a NUL-terminated copy
 * of its field's name (UTF-8; an invalid sequence becomes U+FFFD, and a NUL ends it) owned
 * by the scanner, valid until its next scan or its free. The
 * decision covers the whole record; max_findings counts the record's findings;
 * classify_scanner_result_json() names each finding's "field".
 *
 * @param fields an array of `count` fields, all with the struct_size of the first; may be
 *               NULL when count is 0. Borrowed for the call only.
 * @return as classify_scanner_scan(); also CLASSIFY_E_INVALID for a field whose name or
 *         value is NULL with a length, and CLASSIFY_E_VERSION for a field struct_size.
 */
CLASSIFY_API int classify_scanner_scan_record(classify_scanner *sc, const classify_ruleset *rs,
                                              const classify_field *fields, size_t count,
                                              const classify_scan_options *opts);

typedef struct classify_profile classify_profile;

/** Options of a column profile. Zero-initialise with CLASSIFY_PROFILE_OPTIONS_INIT. */
typedef struct classify_profile_options {
    size_t struct_size;      /* sizeof(classify_profile_options); set by the _INIT macro   */
    const classify_scan_options *scan; /* NULL = defaults; read by classify_profile_new() */
    double min_share;        /* the share of a column's non-empty values (0 < x <= 1) that
                                must hold an entity type for the column to be predicted
                                to hold it; 0 = 0.5                                       */
} classify_profile_options;

#define CLASSIFY_PROFILE_OPTIONS_INIT { sizeof(classify_profile_options), 0, 0.0 }

/** Sets *opts to the defaults for a struct of `struct_size` bytes (for FFIs).
 *  Returns CLASSIFY_OK, CLASSIFY_E_INVALID (opts NULL) or CLASSIFY_E_VERSION. */
CLASSIFY_API int classify_profile_options_init(classify_profile_options *opts,
                                               size_t struct_size);

/**
 * Creates an empty column profile on ruleset `rs` (which it keeps alive). A profile holds
 * its own scratch memory; use it from one thread at a time.
 * @return CLASSIFY_OK, CLASSIFY_E_INVALID (out or rs NULL, an option out of range),
 *         CLASSIFY_E_VERSION or CLASSIFY_E_NOMEM.
 */
CLASSIFY_API int classify_profile_new(classify_profile **out, const classify_ruleset *rs,
                                      const classify_profile_options *opts);

/**
 * Adds one record to the profile, which counts, for each field name, which entity types
 * its value holds. Fields are columns by their exact name; a record may lack some. Records
 * are scanned as classify_scanner_scan_record() scans them, in batches of up to 64 (with
 * the profile's own scratch memory), the last ones when the result is asked for; a scan
 * that stops early shows in the result's "complete" and "incomplete_reasons". The fields
 * are copied.
 * @return CLASSIFY_OK, CLASSIFY_E_INVALID (p NULL, fields NULL with count > 0, a name or
 *         value NULL with a length), CLASSIFY_E_VERSION (a field struct_size) or
 *         CLASSIFY_E_BUSY (the profile in use by another thread).
 */
CLASSIFY_API int classify_profile_add_record(classify_profile *p, const classify_field *fields,
                                             size_t count);

/** The number of records added so far; 0 for NULL. */
CLASSIFY_API uint64_t classify_profile_record_count(const classify_profile *p);

/**
 * The profile as one JSON document (schema "classify.profile/1", docs/structured.md): per
 * column, in the order first seen, its name, the number of records that had it and of
 * non-empty values, every entity type found with its count, share, level, detectors and
 * frameworks, the predicted types, and the column's level and frameworks. No values.
 *
 * @param json  receives a NUL-terminated UTF-8 string owned by the profile, valid until
 *              its next add or its free. Required.
 * @param len   if not NULL, receives the length in bytes (without the NUL).
 * @return CLASSIFY_OK, CLASSIFY_E_INVALID (p or json NULL) or CLASSIFY_E_BUSY.
 */
CLASSIFY_API int classify_profile_result_json(classify_profile *p, const char **json,
                                              size_t *len);

/** Releases a profile. NULL is a harmless no-op. */
CLASSIFY_API void classify_profile_free(classify_profile *p);

/* =======================================================================================
 * Redaction
 *
 * A redacted copy is the input with every finding replaced (docs/redaction.md):
 *
 *   CLASSIFY_REDACT_MASK    all characters but the last `keep` become '*' (or mask_char):
 *                           "***************1111". At most half of a value's characters
 *                           are kept, so a short value is never shown whole.
 *   CLASSIFY_REDACT_TYPE    the entity type in brackets: "[EMAIL_ADDRESS]".
 *   CLASSIFY_REDACT_HASH    the type and the first 16 hex digits of HMAC-SHA-256(key, value):
 *                           "[EMAIL_ADDRESS:3f2a9c1b0e4d5a6f]"; the same value and key
 *                           always give the same token, so redacted data can still be
 *                           joined. Needs a key.
 *   CLASSIFY_REDACT_REMOVE  nothing: the value is cut out.
 *
 * Each detector's findings get the first of: the caller's rule for the detector's id, the
 * caller's rule for its entity type, the caller's `mode`, the pack's "redaction" for the
 * detector (docs/rule-packs.md), CLASSIFY_REDACT_MASK. `keep` likewise comes from the
 * rule, the options, the pack, else 4 (0 for detectors of category "credential"). Bytes
 * that are not part of a finding are copied unchanged; a removed value between two word
 * characters leaves a space. Characters are UTF-8 code points (an invalid byte counts as
 * one).
 *
 *   classify_redact_options ro = CLASSIFY_REDACT_OPTIONS_INIT;
 *   ro.mode = CLASSIFY_REDACT_TYPE;
 *   if (classify_scanner_redact(sc, rs, data, len, &ro, NULL) >= 0) {
 *       const void *copy; size_t copy_len;
 *       classify_scanner_redacted(sc, &copy, &copy_len);   // owned by the scanner
 *       fwrite(copy, 1, copy_len, stdout);
 *   }
 *
 * What is replaced is every candidate a detector accepted at or above min_confidence -
 * also one an overlapping finding outranked, and those past max_findings - each cluster of
 * overlapping candidates as one span, redacted as the finding that won among them. The
 * copy is then scanned again and what the replacements made findable (two neighbours of a
 * removed value, say) is redacted too. A redaction's own tokens ("[TYPE]", "[TYPE:hex]",
 * runs of '*') are never findings, so a redacted copy scans clean of them. A scan that
 * stops early may leave values unredacted: the call then returns CLASSIFY_INCOMPLETE.
 *
 * The findings of the scan are in the scanner as after classify_scanner_scan(). A stream can
 * redact too (classify_stream_options.redact), emitting each part of the copy as soon as no
 * later byte can change it; the whole copy equals the one classify_scanner_redact() makes.
 * ======================================================================================= */

#define CLASSIFY_REDACT_DEFAULT 0u /* no choice here: the next in line decides            */
#define CLASSIFY_REDACT_MASK 1u
#define CLASSIFY_REDACT_TYPE 2u
#define CLASSIFY_REDACT_HASH 3u
#define CLASSIFY_REDACT_REMOVE 4u

/** For `keep`: keep no character (mask all of them). */
#define CLASSIFY_REDACT_KEEP_NONE 0xFFFFFFFFu
/** The most characters `keep` may ask for. */
#define CLASSIFY_LIMIT_REDACT_KEEP 64u

/** How one detector, or every detector of one entity type, is redacted. */
typedef struct classify_redact_rule {
    size_t struct_size;      /* sizeof(classify_redact_rule); set by the _INIT macro      */
    const char *target;      /* a detector id ("credit_card") or an entity type
                                ("CREDIT_CARD"), NUL-terminated. Required.               */
    uint32_t mode;           /* CLASSIFY_REDACT_*; DEFAULT = not set by this rule          */
    uint32_t keep;           /* mask: characters kept at the end, at most
                                CLASSIFY_LIMIT_REDACT_KEEP; 0 = not set by this rule;
                                CLASSIFY_REDACT_KEEP_NONE = none                          */
} classify_redact_rule;

#define CLASSIFY_REDACT_RULE_INIT { sizeof(classify_redact_rule), 0, 0, 0 }

/** Options of a redaction. Zero-initialise with CLASSIFY_REDACT_OPTIONS_INIT. */
typedef struct classify_redact_options {
    size_t struct_size;      /* sizeof(classify_redact_options); set by the _INIT macro   */
    uint32_t mode;           /* CLASSIFY_REDACT_* for every detector without a rule;
                                DEFAULT = the pack's choice per detector, else mask       */
    uint32_t keep;           /* mask: as classify_redact_rule.keep; 0 = the pack's, else 4 */
    const void *key;         /* hash: the HMAC key (any bytes; 32 random bytes are a good
                                key). Required when a detector is redacted with HASH.     */
    size_t key_len;
    const classify_redact_rule *rules; /* rules by detector id or type; NULL = none. All
                                with the struct_size of the first.                       */
    size_t rule_count;
    uint32_t mask_char;      /* mask: the ASCII character that hides others; 0 = '*'       */
    uint32_t reserved;       /* must be 0                                                 */
} classify_redact_options;

#define CLASSIFY_REDACT_OPTIONS_INIT { sizeof(classify_redact_options), 0, 0, 0, 0, 0, 0, 0, 0 }

/** Sets *opts to the defaults for a struct of `struct_size` bytes (for FFIs).
 *  Returns CLASSIFY_OK, CLASSIFY_E_INVALID (opts NULL) or CLASSIFY_E_VERSION. */
CLASSIFY_API int classify_redact_options_init(classify_redact_options *opts, size_t struct_size);

/**
 * Scans `len` bytes at `data` as classify_scanner_scan() does and keeps, with the result,
 * a redacted copy of the bytes in the scanner.
 *
 * @param ropts NULL for defaults (each detector as its pack says, else masked).
 * @param opts  scan options; NULL for defaults.
 * @return as classify_scanner_scan(); also CLASSIFY_E_INVALID for a bad redaction option:
 *         an unknown mode, keep above CLASSIFY_LIMIT_REDACT_KEEP, a rule without a target,
 *         a mask_char that is not ASCII, reserved not 0, or a detector redacted with
 *         CLASSIFY_REDACT_HASH and no key.
 */
CLASSIFY_API int classify_scanner_redact(classify_scanner *sc, const classify_ruleset *rs,
                                         const void *data, size_t len,
                                         const classify_redact_options *ropts,
                                         const classify_scan_options *opts);

/**
 * The redacted copy the scanner holds: from classify_scanner_redact(), or this call's part
 * of a redacting stream's copy (empty after other scans).
 *
 * @param out  receives a pointer to the bytes, owned by the scanner and valid until its
 *             next scan or its free (not NUL-terminated; may be non-NULL with *len 0).
 *             Required.
 * @param len  receives their length. Required.
 * @return CLASSIFY_OK or CLASSIFY_E_INVALID (a NULL argument, or no result yet).
 */
CLASSIFY_API int classify_scanner_redacted(const classify_scanner *sc, const void **out,
                                           size_t *len);

/**
 * Copies the redacted copy the scanner holds into the caller's buffer.
 *
 * @param buf  where to copy; may be NULL when cap is 0 (to ask for the size).
 * @param cap  its size in bytes.
 * @param len  receives the copy's length, also when it does not fit. Required.
 * @return CLASSIFY_OK; CLASSIFY_E_LIMIT when cap is smaller than *len (nothing is copied:
 *         call again with a buffer of *len bytes); CLASSIFY_E_INVALID (sc or len NULL, buf
 *         NULL with cap > 0, or no result yet).
 */
CLASSIFY_API int classify_scanner_redacted_copy(const classify_scanner *sc, void *buf,
                                                size_t cap, size_t *len);

#ifdef __cplusplus
}
#endif

#endif /* CLASSIFY_H */
