/* SPDX-License-Identifier: Apache-2.0
 *
 * Byte-set membership of 64 bytes at once ("truffle", as in Hyperscan): a set is two
 * tables of 16 bytes, indexed by the low nibble of a byte; bit h of lo[l] says that byte
 * (h << 4 | l) is in the set, and hi the same for the bytes 0x80 + (h << 4 | l). Each
 * table is stored twice (32 bytes), one copy per 128-bit lane of an AVX2 shuffle. Internal
 * to CScanKernel (scan_kernel.c, set_starts.c).
 */
#ifndef CLASSIFY_TRUFFLE_H
#define CLASSIFY_TRUFFLE_H

#include <stdint.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define SK_X86 1
#endif

/* Adds byte b to the tables lo, hi (both copies). Returns 1 when b is not ASCII. */
static inline int truffle_add(uint8_t lo[32], uint8_t hi[32], unsigned b) {
    uint8_t *tab = b < 128 ? lo : hi;
    uint8_t bit = (uint8_t)(1u << ((b & 127) >> 4));
    tab[b & 15] |= bit;
    tab[16 + (b & 15)] |= bit;
    return b >= 128;
}

#ifdef SK_X86
/* 64 bytes prepared for truffle_mask: the bytes, the bit (high nibble & 7) of each, and the
 * bytes with the top bit flipped for the second table (a shuffle yields 0 for an index with
 * the top bit set). */
typedef struct truffle_block {
    __m256i v0, v1, bit0, bit1, f0, f1;
} truffle_block;

__attribute__((target("avx2"))) static inline truffle_block truffle_load(const uint8_t *p) {
    const __m256i nib = _mm256_set1_epi8(0x0F), flip = _mm256_set1_epi8((char)0x80);
    const __m256i pow2 = _mm256_setr_epi8(1, 2, 4, 8, 16, 32, 64, -128, 1, 2, 4, 8, 16, 32, 64, -128,
                                          1, 2, 4, 8, 16, 32, 64, -128, 1, 2, 4, 8, 16, 32, 64, -128);
    truffle_block b;
    b.v0 = _mm256_loadu_si256((const __m256i *)p);
    b.v1 = _mm256_loadu_si256((const __m256i *)(p + 32));
    b.bit0 = _mm256_shuffle_epi8(pow2, _mm256_and_si256(_mm256_srli_epi16(b.v0, 4), nib));
    b.bit1 = _mm256_shuffle_epi8(pow2, _mm256_and_si256(_mm256_srli_epi16(b.v1, 4), nib));
    b.f0 = _mm256_xor_si256(b.v0, flip);
    b.f1 = _mm256_xor_si256(b.v1, flip);
    return b;
}

/* Bit i: byte i of the block is in the set of tables lo, hi; hi is not read when the set
 * has no byte >= 0x80. */
__attribute__((target("avx2"))) static inline uint64_t truffle_mask(const truffle_block *b, const uint8_t *lo_tab,
                                                                      const uint8_t *hi_tab, int ascii_only) {
    const __m256i zero = _mm256_setzero_si256();
    const __m256i lo = _mm256_loadu_si256((const __m256i *)lo_tab);
    __m256i a0 = _mm256_shuffle_epi8(lo, b->v0), a1 = _mm256_shuffle_epi8(lo, b->v1);
    if (!ascii_only) {
        const __m256i hi = _mm256_loadu_si256((const __m256i *)hi_tab);
        a0 = _mm256_or_si256(a0, _mm256_shuffle_epi8(hi, b->f0));
        a1 = _mm256_or_si256(a1, _mm256_shuffle_epi8(hi, b->f1));
    }
    uint32_t z0 = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(_mm256_and_si256(a0, b->bit0), zero));
    uint32_t z1 = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(_mm256_and_si256(a1, b->bit1), zero));
    return ~((uint64_t)z1 << 32 | z0);
}
#endif

#endif
