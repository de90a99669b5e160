/* SPDX-License-Identifier: Apache-2.0
 *
 * The prefilter's one pass over the input, in C with AVX2 where the CPU has it: for every
 * trigger byte set, the runs of its bytes that are long enough to matter; for every
 * literal (pattern prefixes, keyword first words), where it occurs. Internal to
 * libclassify (not exported; the version script keeps only classify_*). The Swift side is
 * Sources/ClassifyEngine/Prefilter/Prefilter.swift and Occurrences.swift.
 *
 * The input is read 64 bytes at a time: each byte set becomes a 64-bit mask, and runs,
 * possible word starts and literal candidates are found with bit operations on the masks,
 * so the cost per byte hardly depends on the number of sets. Results are written as events
 * to a caller buffer; a scan may take several calls (see sk_collect).
 */
#ifndef CLASSIFY_SCAN_KERNEL_H
#define CLASSIFY_SCAN_KERNEL_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* At most this many trigger byte sets. */
#define SK_MAX_SETS 32

/* What the tables are built from. Every pointer is read during sk_tables_new only. */
typedef struct sk_spec {
    uint32_t nsets;             /* <= SK_MAX_SETS */
    const uint8_t *sets;        /* nsets bitmaps of 32 bytes: byte b is in set k when
                                   sets[32 * k + b / 8] has bit b % 8 */
    const uint32_t *min_run;    /* nsets: runs shorter than this are not reported */
    uint32_t nlits;
    const uint8_t *lit_bytes;   /* the literals back to back, ASCII lower-cased unless exact */
    const uint32_t *lit_start;  /* nlits + 1 offsets into lit_bytes; every literal >= 2 bytes,
                                   except keyword words of one lower-case ASCII letter */
    const uint8_t *lit_word;    /* nlits flags: 1 = a keyword word, reported only where a word
                                   may start (see SK_HIT_GLUED); 0 = anywhere. A one-letter
                                   word is reported only where it is a whole word followed by
                                   a byte that is not a digit (never as SK_HIT_GLUED): the
                                   caller uses it only for a word that a word beginning with a
                                   letter follows */
    const uint8_t *lit_exact;   /* nlits flags: 1 = compared as it is (ASCII case matters);
                                   0 = without regard to ASCII case. Word literals: 0 */
    const uint8_t *lit_glued;   /* NULL, or nlits bitmaps of 32 bytes (as `sets`): a keyword
                                   word's SK_HIT_GLUED is reported only where the byte after
                                   it is in its bitmap (the bytes a value glued to it may
                                   start with). Read for word literals only; NULL = all */
    const uint8_t *lit_bound;   /* NULL, or nlits flags: 1 = a literal reported anywhere only
                                   where it begins the input or follows a byte that is not
                                   an ASCII letter or digit (a pattern that starts after
                                   \b or a lookbehind such as (?<![\w-])). Word literals: 0 */
} sk_spec;

typedef struct sk_tables sk_tables;

/* Builds the tables. Returns NULL when memory runs out or the spec is invalid (too many
 * sets, a literal shorter than 2 bytes that is not a one-letter keyword word). Free with
 * sk_tables_free. */
sk_tables *sk_tables_new(const sk_spec *spec);
void sk_tables_free(sk_tables *t);

/* The most events one call may write per 64-byte block: a buffer passed to sk_collect must
 * hold at least this many. */
size_t sk_events_per_block(const sk_tables *t);

enum {
    SK_RUN = 0,       /* id = set; [start, end) is a run of at least min_run bytes of it */
    SK_HIT = 1,       /* id = literal; it occurs at start (end = start + its length) */
    SK_HIT_GLUED = 2, /* a keyword word at a word start whose last byte does not end a
                         word (e.g. "no" in "north"): it is a whole word only to a keyword
                         window that ends exactly at `end` */
};

typedef struct sk_event {
    int64_t start;
    int64_t end;
    int32_t id;
    int32_t kind;
} sk_event;

/* Where a scan is between calls. Zero it (sk_state_reset) before the first call. */
typedef struct sk_state {
    int64_t pos;                       /* next byte to read */
    int64_t run_start[SK_MAX_SETS];    /* start of the run open at pos, per set */
    uint64_t prev_mask[SK_MAX_SETS];   /* each set's mask of the last block read */
    uint32_t pending;                  /* sets whose open run is already long enough */
    uint8_t prev_byte;                 /* the byte before pos (when pos > 0) */
    uint8_t done;
} sk_state;

void sk_state_reset(sk_state *st);

/* Reads s[st->pos ..< n] block by block and writes events in order of position for each
 * set and each literal, stopping before a block whose events might not fit in `cap`.
 * Returns the number of events written; the scan is over when st->done is set. Runs that
 * reach the end of the input are reported when the last call ends. */
size_t sk_collect(const sk_tables *t, const uint8_t *s, size_t n, sk_state *st, sk_event *out, size_t cap);

/* MARK: Start shapes of a batch (Occurrences.computeBatch) */

/* Lanes of one batch: up to eight in one 64-bit word (sk_shape_batch), up to 32 in four
 * (sk_shape_wide, one 256-bit AVX2 register). */
#define SK_BATCH_LANES 32

/* Where a shift-and over a batch's start shapes stopped: a batch may take several calls. */
typedef struct sk_batch_state {
    size_t range;                /* next input range */
    int64_t at;                  /* next byte of it; -1 = not started */
    uint64_t bits[4];            /* the shift-and state (sk_shape_batch: bits[0] only) */
    int64_t lo[SK_BATCH_LANES];  /* each lane's open output range ([lo, hi]; lo = -1: none) */
    int64_t hi[SK_BATCH_LANES];
    /* Shapes longer than eight bytes: set after sk_batch_reset (which clears them), read by
     * both kernels. A start that fits a lane's first eight offsets is kept only when the
     * bytes at offsets 8 ... 8 + ext_len[lane] - 1 fit too (bit k of ext[256 * lane + b]:
     * byte b may be at offset 8 + k) and are inside the input. NULL: no lane has more. */
    const uint8_t *ext;
    const uint8_t *ext_len;
    uint8_t done;
} sk_batch_state;

typedef struct sk_lane_range {
    int64_t lo, hi;   /* inclusive */
    int32_t lane;
    int32_t pad;
} sk_lane_range;

/* Before a batch's first call (either kernel). */
void sk_batch_reset(sk_batch_state *st);

/* The starts inside `ranges` (nranges inclusive [lo, hi] pairs, sorted and disjoint) at
 * which the bytes of s fit the start shape of each lane: after byte j, bit i of lane L (bits
 * 8L ..< 8L + 8 of the state) says that bytes j - i ... j fit offsets 0 ... i of lane L's
 * shape; table[b] has the bits byte b may have, full the bit of each lane's last offset,
 * span the widest shape less one. Starts of one lane closer than gap bytes are merged into
 * one output range. Returns the output ranges written (each lane's in order); the batch is
 * over when st->done is set. cap must be at least SK_BATCH_MIN_CAP (else nothing is done).
 * Lanes 0 ... 7 only: one 64-bit state word. */
#define SK_BATCH_MIN_CAP 600
size_t sk_shape_batch(const uint64_t *table, uint64_t full, int64_t span, int64_t gap, const uint8_t *s, size_t n,
                      const int64_t *ranges, size_t nranges, sk_batch_state *st, sk_lane_range *out, size_t cap);

/* sk_shape_batch for up to 32 lanes, with the same output: the state is four 64-bit words,
 * lane L in bits 8 (L % 8) ..< 8 (L % 8) + 8 of word L / 8. table has four words per byte
 * (byte b's at table[4b ..< 4b + 4]; 8 KB, read unaligned), full four words. Lanes past
 * the batch's have no bits in table or full. The words are shifted, ORed and ANDed side
 * by side (one 256-bit register with AVX2), so a pass costs about what one 64-bit pass
 * costs: one wide batch replaces up to four narrow ones over the same ranges. */
size_t sk_shape_wide(const uint64_t *table, const uint64_t *full, int64_t span, int64_t gap, const uint8_t *s, size_t n,
                     const int64_t *ranges, size_t nranges, sk_batch_state *st, sk_lane_range *out, size_t cap);

/* MARK: Starts of runs of one byte set inside windows (Occurrences.startsOfBytes) */

/* A byte set as sk_set_starts reads it. Fill with sk_byteset_init. */
typedef struct sk_byteset {
    uint8_t lo[32], hi[32];  /* AVX2 tables (truffle.h) */
    uint8_t bits[32];        /* byte b is in the set: bit b % 8 of bits[b / 8] */
    uint8_t ascii_only;
} sk_byteset;

/* The set of the 32-byte bitmap `bits` (as sk_spec.sets). */
void sk_byteset_init(sk_byteset *set, const uint8_t *bits);

/* Where sk_set_starts stopped: a call may stop when `out` is full. */
typedef struct sk_starts_state {
    size_t window;   /* next window */
    int64_t at;      /* next start to look at in it; -1 = not started */
    int64_t lo, hi;  /* the output range still open (lo = -1: none) */
    uint8_t done;
} sk_starts_state;

/* Before the first call. */
void sk_starts_reset(sk_starts_state *st);

/* The starts p inside the windows (nwindows inclusive [lo, hi] pairs, sorted and
 * disjoint) that have a run of at least `run` bytes of `set` beginning at some q in
 * p ... p + offset, as inclusive [lo, hi] ranges of consecutive starts, in order (ranges
 * that touch merged), written to `out` (pairs). Only bytes s[lo ..< hi + offset + run] of
 * each window are read (cut at n), so that the runs beyond a window's edges do not
 * matter. Requires 1 <= run and offset + run <= 64; cap must be at least
 * SK_STARTS_MIN_CAP ranges (else nothing is done). Returns the ranges written; the
 * windows are done when st->done is set. */
#define SK_STARTS_MIN_CAP 40
size_t sk_set_starts(const sk_byteset *set, int64_t offset, int64_t run, const uint8_t *s, size_t n,
                     const int64_t *windows, size_t nwindows, sk_starts_state *st, int64_t *out, size_t cap);

/* Which implementation sk_collect, sk_shape_wide and sk_set_starts use: 1 = AVX2, 0 =
 * portable C (no AVX2, or the environment variable CLASSIFY_NO_AVX2 set and not "0" when
 * first asked). For tests, which run both; `force_portable` != 0 makes this process use the
 * portable code from now on. */
int sk_uses_avx2(void);
void sk_force_portable(int force_portable);

#ifdef __cplusplus
}
#endif

#endif
