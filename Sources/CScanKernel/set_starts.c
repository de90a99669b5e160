/* SPDX-License-Identifier: Apache-2.0
 * The starts of runs of one byte set inside windows (see include/scan_kernel.h): for a
 * keyword-gated trigger, the bytes of the gate's windows are read 64 at a time, and the
 * starts that have a long enough run near them are found with bit operations on the
 * set's mask of the block and the next one. */

#include "scan_kernel.h"
#include "truffle.h"

#include <string.h>

void sk_byteset_init(sk_byteset *set, const uint8_t *bits) {
    memset(set, 0, sizeof *set);
    set->ascii_only = 1;
    memcpy(set->bits, bits, sizeof set->bits);
    for (unsigned b = 0; b < 256; b++)
        if (bits[b / 8] >> (b % 8) & 1 && truffle_add(set->lo, set->hi, b)) set->ascii_only = 0;
}

void sk_starts_reset(sk_starts_state *st) {
    st->window = 0;
    st->at = -1;
    st->lo = st->hi = -1;
    st->done = 0;
}

static inline uint64_t low_bits(unsigned k) { return k >= 64 ? ~0ull : (1ull << k) - 1; }

/* Bit i: byte p[i] is in the set (p[0 ..< 64] readable). */
static uint64_t mask_portable(const sk_byteset *set, const uint8_t *p) {
    uint64_t m = 0;
    for (unsigned i = 0; i < 64; i++) m |= (uint64_t)(set->bits[p[i] >> 3] >> (p[i] & 7) & 1) << i;
    return m;
}

#ifdef SK_X86
__attribute__((target("avx2"))) static uint64_t mask_avx2(const sk_byteset *set, const uint8_t *p) {
    const truffle_block b = truffle_load(p);
    return truffle_mask(&b, set->lo, set->hi, set->ascii_only);
}
#endif

/* The set's mask of the 64 bytes from p, 0 past `end` (the last byte a window may read). */
static inline uint64_t mask_at(const sk_byteset *set, const uint8_t *s, int64_t p, int64_t end, int simd) {
    if (p >= end) return 0;
    uint8_t pad[64];
    const uint8_t *at = s + p;
    if (end - p < 64) {
        memset(pad, 0, sizeof pad);
        memcpy(pad, at, (size_t)(end - p));
        at = pad;
    }
#ifdef SK_X86
    uint64_t m = simd ? mask_avx2(set, at) : mask_portable(set, at);
#else
    (void)simd;
    uint64_t m = mask_portable(set, at);
#endif
    return end - p < 64 ? m & low_bits((unsigned)(end - p)) : m;
}

/* The starts among 64 positions, from the set's mask x of the 128 bytes from the first:
 * a[q] says that bytes q ..< q + run are all in the set, the result's bit p that a[q] holds
 * for some q in p ... p + span - 1 (span = offset + 1). Both by doubling the length
 * covered: after the loop, k terms; one more step with an overlap covers the rest. Every
 * bit of the result depends on bits below 63 + span + run - 1 <= 127 of x only. */
static inline uint64_t starts_of(unsigned __int128 x, unsigned run, unsigned span) {
    unsigned __int128 a = x;
    unsigned k = 1;
    while (2 * k <= run) {
        a &= a >> k;
        k *= 2;
    }
    if (k < run) a &= a >> (run - k);
    unsigned __int128 b = a;
    k = 1;
    while (2 * k <= span) {
        b |= b >> k;
        k *= 2;
    }
    if (k < span) b |= b >> (span - k);
    return (uint64_t)b;
}

/* Range [a, b] of starts: merged into the open one, or opening a new one (the open one
 * written out). */
static inline size_t add_range(sk_starts_state *st, int64_t a, int64_t b, int64_t *out, size_t k) {
    if (st->lo >= 0 && a <= st->hi + 1) {
        if (b > st->hi) st->hi = b;
        return k;
    }
    if (st->lo >= 0) {
        out[2 * k] = st->lo;
        out[2 * k + 1] = st->hi;
        k++;
    }
    st->lo = a;
    st->hi = b;
    return k;
}

static inline __attribute__((always_inline)) size_t set_starts(const sk_byteset *set, int64_t offset, int64_t run,
                                                              const uint8_t *s, size_t n, const int64_t *windows,
                                                              size_t nwindows, sk_starts_state *st, int64_t *out,
                                                              size_t cap, int simd) {
    size_t k = 0;
    if (st->done || cap < SK_STARTS_MIN_CAP || run < 1 || offset < 0 || offset + run > 64) return 0;
    for (; st->window < nwindows; st->window++, st->at = -1) {
        const int64_t lo = windows[2 * st->window], hi = windows[2 * st->window + 1];
        const int64_t end = hi + offset + run < (int64_t)n ? hi + offset + run : (int64_t)n;
        int64_t j = st->at < 0 ? lo : st->at;
        uint64_t here = mask_at(set, s, j, end, simd);
        while (j <= hi) {
            /* At most 32 ranges from one block, and the open one. */
            if (cap - k < 34) {
                st->at = j;
                return k;
            }
            uint64_t next = mask_at(set, s, j + 64, end, simd);
            uint64_t bits = starts_of((unsigned __int128)next << 64 | here, (unsigned)run, (unsigned)offset + 1);
            if (hi - j < 63) bits &= low_bits((unsigned)(hi - j + 1));
            while (bits) {
                unsigned a = (unsigned)__builtin_ctzll(bits);
                uint64_t rest = ~(bits >> a);
                unsigned len = rest ? (unsigned)__builtin_ctzll(rest) : 64 - a;
                k = add_range(st, j + a, j + a + len - 1, out, k);
                bits &= ~low_bits(a + len);
            }
            here = next;
            j += 64;
        }
    }
    if (st->lo >= 0) {
        out[2 * k] = st->lo;
        out[2 * k + 1] = st->hi;
        k++;
        st->lo = -1;
    }
    st->done = 1;
    return k;
}

#ifdef SK_X86
__attribute__((target("avx2,bmi,bmi2"))) static size_t set_starts_avx2(const sk_byteset *set, int64_t offset,
                                                                        int64_t run, const uint8_t *s, size_t n,
                                                                        const int64_t *windows, size_t nwindows,
                                                                        sk_starts_state *st, int64_t *out, size_t cap) {
    return set_starts(set, offset, run, s, n, windows, nwindows, st, out, cap, 1);
}
#endif

size_t sk_set_starts(const sk_byteset *set, int64_t offset, int64_t run, const uint8_t *s, size_t n,
                     const int64_t *windows, size_t nwindows, sk_starts_state *st, int64_t *out, size_t cap) {
#ifdef SK_X86
    if (sk_uses_avx2()) return set_starts_avx2(set, offset, run, s, n, windows, nwindows, st, out, cap);
#endif
    return set_starts(set, offset, run, s, n, windows, nwindows, st, out, cap, 0);
}
