/* SPDX-License-Identifier: Apache-2.0
 * The prefilter's one pass (see include/scan_kernel.h). */

#include "scan_kernel.h"
#include "truffle.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#ifdef SK_X86
#include <cpuid.h>
#endif

/* Byte sets after the trigger sets: the first and second bytes of the literals reported
 * anywhere (a position is a candidate only when both fit), the same of those reported only
 * after a byte that is not a letter or digit (sk_spec.lit_bound: most token prefixes, and
 * their letters are everywhere in text, but seldom at the start of a word), the letters
 * that are one-byte keyword words, and the byte kinds of WordTokenizer.swift (lower, upper,
 * digit, non-ASCII), from which possible word starts and word ends follow. */
enum { X_FIRST, X_SECOND, X_BFIRST, X_BSECOND, X_SINGLE, X_LOWER, X_UPPER, X_DIGIT, X_OTHER, X_COUNT };
#define SK_MAX_MASKS (SK_MAX_SETS + X_COUNT)

/* One literal as literals_at compares it: its first min(len, 8) bytes as a little-endian
 * word (head) and the mask of those bytes, so that most literals take one comparison. */
typedef struct lit_entry {
    uint64_t head, mask;
    uint32_t id;
    uint32_t len : 31, bound : 1; /* bound: sk_spec.lit_bound */
} lit_entry;

/* Literals that start with one two-byte pair (lower-cased: first | second << 8). The pairs
 * that have literals are numbered in order (group g: the pair's rank among them, from
 * bits and rank), and group g's literals are lits[group[g] ..< group[g + 1]], those of 2 or
 * 3 bytes first, up to lng[g]. Small arrays instead of tables over all 65536 pairs keep
 * what a lookup touches in the cache. */
typedef struct pair_index {
    uint64_t bits[1024];  /* some literal starts with the pair */
    uint64_t quad[1024];  /* by a hash of the first four bytes of the literals of 4+ bytes */
    uint32_t rank[1024];  /* pairs with literals in bits[0 ..< w] */
    uint32_t *group;      /* ngroups + 1 */
    uint32_t *lng;        /* ngroups */
    lit_entry *lits;
    uint32_t max_group;   /* most literals under one pair */
} pair_index;

/* The bits of quad_hash that index sk_tables.quad_bits. */
#define QUAD_LOG 14

struct sk_tables {
    /* Truffle tables of each mask (truffle.h). */
    uint8_t lo_tab[SK_MAX_MASKS][32] __attribute__((aligned(32)));
    uint8_t hi_tab[SK_MAX_MASKS][32] __attribute__((aligned(32)));
    uint8_t ascii_only[SK_MAX_MASKS];
    uint64_t cls[256];                /* portable code: bit k = byte is in mask k */
    uint8_t lower[256];
    uint8_t identity[256];
    uint8_t kind[256];                /* WordTokenizer's byte kind, see K_* */
    uint32_t nsets, nmasks;
    uint32_t min_run[SK_MAX_SETS];
    uint32_t nlits;
    uint8_t *lit_bytes;
    uint32_t *lit_start;
    uint8_t has_any, has_word, has_single, has_bound;
    pair_index any, exact, word;  /* literals anywhere (any case, exact case), keyword words */
    int32_t single[256];          /* the one-byte keyword word of each letter (both cases), or -1 */
    /* Keyword words' sk_spec.lit_glued, stored once per distinct bitmap: word literal i's
     * is glued_sets[glued_class[i]] (class 0: every byte). */
    uint16_t *glued_class;
    uint8_t (*glued_sets)[32];
    /* The quick test of every position, before any literal is compared: whether some
     * literal of 4 bytes or more may start with the next four bytes (quad_bits, by the
     * top QUAD_LOG bits of quad_hash of them with bit 5 set in each, so that ASCII letters
     * of either case look alike), or a shorter one with the next two (pair_bits, by
     * first | second << 8). Both have two bits an entry (entry e: bits 2 * (e % 16) and up
     * of word e / 16): Q_ANY for a literal reported anywhere, Q_WORD for a keyword word,
     * which counts only where a word may start. Two bits an entry, and 32-bit words, suit
     * the AVX2 gathers. quad_bits is 4 KiB: a 200-byte record reads it at a hundred
     * random places after the rest of the scan has pushed it out of the L1 cache, and
     * 16 KiB (a 16-bit hash) cost ~70 more L1 misses a record for a few percent fewer
     * false candidates (callgrind --cache-sim). */
    uint32_t quad_bits[(1u << QUAD_LOG) / 16];
    uint32_t pair_bits[4096];
};

enum { Q_ANY = 1, Q_WORD = 2 };
/* Up to this many positions of a block, the quick test is done one position at a time. */
#ifndef QUICK_FEW
#define QUICK_FEW 16
#endif
enum { K_SEP = 0, K_LOWER = 1, K_UPPER = 2, K_DIGIT = 4, K_OTHER = 8 };
#define K_LETTER (K_LOWER | K_UPPER)
#define K_WORD (K_LETTER | K_DIGIT | K_OTHER)

static inline uint64_t low_bits(unsigned k) { return k >= 64 ? ~0ull : (1ull << k) - 1; }

static inline uint32_t quad_hash(uint8_t a, uint8_t b, uint8_t c, uint8_t d) {
    uint32_t v = (uint32_t)a | (uint32_t)b << 8 | (uint32_t)c << 16 | (uint32_t)d << 24;
    return (v * 0x9E3779B1u) >> 16;
}

/* The tokenizer keeps bytes a and b in one word (no split between them can happen): then a
 * keyword word cannot end at a, and a word cannot start at b unless b is a capital before a
 * lower-case letter. Upper then lower counts: the tokenizer splits before the upper
 * ("SSNumber" -> "SS", "Number"), not between them. */
static inline int joined(const sk_tables *t, uint8_t a, uint8_t b) {
    uint8_t ka = t->kind[a], kb = t->kind[b];
    return ((ka & K_LETTER) && kb == K_LOWER) || (ka == K_DIGIT && kb == K_DIGIT) ||
           (ka == K_OTHER && (kb & K_WORD)) || ((ka & K_WORD) && kb == K_OTHER);
}

/* MARK: Building */

static void set_mask_byte(sk_tables *t, unsigned k, unsigned b) {
    t->cls[b] |= 1ull << k;
    if (truffle_add(t->lo_tab[k], t->hi_tab[k], b)) t->ascii_only[k] = 0;
}

/* Which pair index literal i belongs to: 0 = anywhere, any case; 1 = anywhere, exact case;
 * 2 = keyword word. */
static unsigned lit_kind(const sk_spec *spec, uint32_t i) {
    return spec->lit_word[i] ? 2 : spec->lit_exact[i] ? 1 : 0;
}

static uint32_t lit_len(const sk_spec *spec, uint32_t i) { return spec->lit_start[i + 1] - spec->lit_start[i]; }

/* A literal of one byte is a keyword word that is one lower-case ASCII letter. */
static int lit_valid(const sk_spec *spec, uint32_t i) {
    if (spec->lit_start[i + 1] < spec->lit_start[i]) return 0;
    uint32_t len = lit_len(spec, i);
    if (len >= 2) return 1;
    uint8_t c = spec->lit_bytes[spec->lit_start[i]];
    return len == 1 && spec->lit_word[i] && c >= 'a' && c <= 'z';
}

static int build_pairs(pair_index *px, const sk_spec *spec, unsigned kind) {
    uint32_t *count = calloc(65536, sizeof *count);
    if (!count) return 0;
    uint32_t total = 0, ngroups = 0;
    for (uint32_t i = 0; i < spec->nlits; i++) {
        if (lit_kind(spec, i) != kind || lit_len(spec, i) < 2) continue;
        const uint8_t *l = spec->lit_bytes + spec->lit_start[i];
        uint32_t key = l[0] | (uint32_t)l[1] << 8;
        ngroups += count[key]++ == 0;
        total++;
        px->bits[key >> 6] |= 1ull << (key & 63);
        if (spec->lit_start[i + 1] - spec->lit_start[i] >= 4) {
            uint32_t h = quad_hash(l[0], l[1], l[2], l[3]);
            px->quad[h >> 6] |= 1ull << (h & 63);
        }
    }
    px->lits = malloc((total ? total : 1) * sizeof *px->lits);
    px->group = malloc((ngroups + 1) * sizeof *px->group);
    px->lng = malloc((ngroups ? ngroups : 1) * sizeof *px->lng);
    if (!px->lits || !px->group || !px->lng) {
        free(count);
        return 0;
    }
    uint32_t at = 0, g = 0;
    for (uint32_t w = 0; w < 1024; w++) {
        px->rank[w] = g;
        g += (uint32_t)__builtin_popcountll(px->bits[w]);
    }
    g = 0;
    for (uint32_t key = 0; key < 65536; key++) {
        if (!count[key]) continue;
        px->group[g] = at;
        if (count[key] > px->max_group) px->max_group = count[key];
        /* Short literals (always compared) before long ones (compared when the quad
         * hash of the input says one of them may follow). */
        for (int pass = 0; pass < 2; pass++) {
            if (pass == 1) px->lng[g] = at;
            for (uint32_t i = 0; i < spec->nlits; i++) {
                if (lit_kind(spec, i) != kind || lit_len(spec, i) < 2) continue;
                const uint8_t *l = spec->lit_bytes + spec->lit_start[i];
                uint32_t len = lit_len(spec, i);
                if ((l[0] | (uint32_t)l[1] << 8) != key || (len >= 4) != (pass == 1)) continue;
                lit_entry *e = &px->lits[at++];
                e->id = i;
                e->len = len;
                e->bound = kind != 2 && spec->lit_bound && spec->lit_bound[i];
                e->head = 0;
                for (uint32_t j = 0; j < len && j < 8; j++) e->head |= (uint64_t)l[j] << 8 * j;
                e->mask = len >= 8 ? ~0ull : (1ull << 8 * len) - 1;
            }
        }
        g++;
    }
    px->group[g] = at;
    free(count);
    return 1;
}

/* The distinct bitmaps of spec->lit_glued (at most nlits + 1 of them, the first with every
 * byte), and each literal's. */
static int build_glued(sk_tables *t, const sk_spec *spec) {
    t->glued_class = calloc(spec->nlits ? spec->nlits : 1, sizeof *t->glued_class);
    t->glued_sets = malloc((spec->nlits + 1) * sizeof *t->glued_sets);
    if (!t->glued_class || !t->glued_sets) return 0;
    memset(t->glued_sets[0], 0xFF, 32);
    uint32_t nclasses = 1;
    for (uint32_t i = 0; spec->lit_glued && i < spec->nlits; i++) {
        if (!spec->lit_word[i]) continue;
        const uint8_t *bits = spec->lit_glued + 32 * (size_t)i;
        uint32_t c = 0;
        while (c < nclasses && memcmp(t->glued_sets[c], bits, 32) != 0) c++;
        if (c == nclasses) memcpy(t->glued_sets[nclasses++], bits, 32);
        if (c > UINT16_MAX) return 0;
        t->glued_class[i] = (uint16_t)c;
    }
    return 1;
}

sk_tables *sk_tables_new(const sk_spec *spec) {
    if (!spec || spec->nsets > SK_MAX_SETS) return NULL;
    for (uint32_t i = 0; i < spec->nlits; i++)
        if (!lit_valid(spec, i)) return NULL;
    sk_tables *t = aligned_alloc(64, (sizeof *t + 63) / 64 * 64);
    if (!t) return NULL;
    memset(t, 0, sizeof *t);
    for (unsigned b = 0; b < 256; b++) t->single[b] = -1;
    t->nsets = spec->nsets;
    t->nmasks = spec->nsets + X_COUNT;
    memset(t->ascii_only, 1, sizeof t->ascii_only);
    for (unsigned b = 0; b < 256; b++) {
        t->lower[b] = (b >= 'A' && b <= 'Z') ? (uint8_t)(b | 0x20) : (uint8_t)b;
        t->identity[b] = (uint8_t)b;
        t->kind[b] = (b >= 'a' && b <= 'z') ? K_LOWER : (b >= 'A' && b <= 'Z') ? K_UPPER
                   : (b >= '0' && b <= '9') ? K_DIGIT : b >= 0x80 ? K_OTHER : K_SEP;
    }
    for (uint32_t k = 0; k < spec->nsets; k++) {
        t->min_run[k] = spec->min_run[k] ? spec->min_run[k] : 1;
        for (unsigned b = 0; b < 256; b++)
            if (spec->sets[32 * k + b / 8] >> (b % 8) & 1) set_mask_byte(t, k, b);
    }
    unsigned x = spec->nsets;
    for (unsigned b = 0; b < 256; b++) {
        if (t->kind[b] == K_LOWER) set_mask_byte(t, x + X_LOWER, b);
        if (t->kind[b] == K_UPPER) set_mask_byte(t, x + X_UPPER, b);
        if (t->kind[b] == K_DIGIT) set_mask_byte(t, x + X_DIGIT, b);
        if (t->kind[b] == K_OTHER) set_mask_byte(t, x + X_OTHER, b);
    }
    for (uint32_t i = 0; i < spec->nlits; i++) {
        const uint8_t *l = spec->lit_bytes + spec->lit_start[i];
        if (spec->lit_word[i] && lit_len(spec, i) == 1) {
            t->has_word = t->has_single = 1;
            t->single[l[0]] = t->single[l[0] - 32] = (int32_t)i;
            set_mask_byte(t, x + X_SINGLE, l[0]);
            set_mask_byte(t, x + X_SINGLE, l[0] - 32u);
            continue;
        }
        if (spec->lit_word[i]) {
            t->has_word = 1;
            continue;
        }
        t->has_any = 1;
        int bound = spec->lit_bound && spec->lit_bound[i];
        unsigned first = x + (bound ? X_BFIRST : X_FIRST), second = x + (bound ? X_BSECOND : X_SECOND);
        t->has_bound |= (uint8_t)bound;
        if (spec->lit_exact[i]) {
            set_mask_byte(t, first, l[0]);
            set_mask_byte(t, second, l[1]);
            continue;
        }
        /* Both cases of a letter: literals are compared without regard to ASCII case. */
        for (unsigned b = 0; b < 256; b++) {
            if (t->lower[b] == l[0]) set_mask_byte(t, first, b);
            if (t->lower[b] == l[1]) set_mask_byte(t, second, b);
        }
    }
    for (uint32_t i = 0; i < spec->nlits; i++) {
        const uint8_t *l = spec->lit_bytes + spec->lit_start[i];
        uint32_t flag = spec->lit_word[i] ? Q_WORD : Q_ANY;
        if (lit_len(spec, i) < 2) continue; /* one-byte words: by their mask, not the quick test */
        if (lit_len(spec, i) >= 4) {
            uint32_t h = quad_hash(l[0] | 0x20, l[1] | 0x20, l[2] | 0x20, l[3] | 0x20) >> (16 - QUAD_LOG);
            t->quad_bits[h >> 4] |= flag << 2 * (h & 15);
            continue;
        }
        /* The first two bytes in each case (the same byte twice when case does not apply). */
        int fold = !(spec->lit_exact[i] && !spec->lit_word[i]);
        uint8_t a[2] = {l[0], fold && l[0] >= 'a' && l[0] <= 'z' ? (uint8_t)(l[0] - 32) : l[0]};
        uint8_t b[2] = {l[1], fold && l[1] >= 'a' && l[1] <= 'z' ? (uint8_t)(l[1] - 32) : l[1]};
        for (int ca = 0; ca < 2; ca++)
            for (int cb = 0; cb < 2; cb++) {
                uint32_t key = a[ca] | (uint32_t)b[cb] << 8;
                t->pair_bits[key >> 4] |= flag << 2 * (key & 15);
            }
    }
    uint32_t nbytes = spec->nlits ? spec->lit_start[spec->nlits] : 0;
    t->nlits = spec->nlits;
    t->lit_bytes = malloc(nbytes ? nbytes : 1);
    t->lit_start = malloc((spec->nlits + 1) * sizeof *t->lit_start);
    if (!t->lit_bytes || !t->lit_start || !build_pairs(&t->any, spec, 0) ||
        !build_pairs(&t->exact, spec, 1) || !build_pairs(&t->word, spec, 2)) {
        sk_tables_free(t);
        return NULL;
    }
    if (!build_glued(t, spec)) {
        sk_tables_free(t);
        return NULL;
    }
    if (nbytes) memcpy(t->lit_bytes, spec->lit_bytes, nbytes);
    memcpy(t->lit_start, spec->lit_start, (spec->nlits + 1) * sizeof *t->lit_start);
    return t;
}

void sk_tables_free(sk_tables *t) {
    if (!t) return;
    pair_index *px[3] = {&t->any, &t->exact, &t->word};
    for (int k = 0; k < 3; k++) {
        free(px[k]->lits);
        free(px[k]->group);
        free(px[k]->lng);
    }
    free(t->lit_bytes);
    free(t->lit_start);
    free(t->glued_class);
    free(t->glued_sets);
    free(t);
}

size_t sk_events_per_block(const sk_tables *t) {
    /* A set has at most 32 runs ending in a block plus the one open before it; each
     * position may start every literal under its pair. */
    size_t per_position = (size_t)t->any.max_group + t->exact.max_group + t->word.max_group + t->has_single;
    return 33 * (size_t)t->nsets + 64 * per_position + t->nsets + 1;
}

void sk_state_reset(sk_state *st) { memset(st, 0, sizeof *st); }

/* MARK: Masks of one block */

static atomic_int force_portable;
static atomic_int avx2_state; /* 0 = not known yet, 1 = no, 2 = yes */

void sk_force_portable(int f) { atomic_store(&force_portable, f != 0); }

int sk_uses_avx2(void) {
    if (atomic_load(&force_portable)) return 0;
    int s = atomic_load(&avx2_state);
    if (s == 0) {
        s = 1;
        /* CLASSIFY_NO_AVX2 (classify.h, "Environment"): the portable code on any CPU. */
        const char *no_avx2 = getenv("CLASSIFY_NO_AVX2");
        int allowed = !no_avx2 || !*no_avx2 || strcmp(no_avx2, "0") == 0;
        (void)allowed; /* no AVX2 code to allow on other CPUs */
#ifdef SK_X86
        unsigned a, b, c, d;
        /* AVX2 needs the CPU flag and the OS saving the YMM registers (OSXSAVE + XCR0). */
        if (allowed && __get_cpuid(1, &a, &b, &c, &d) && (c & bit_OSXSAVE) && (c & bit_AVX)) {
            unsigned lo, hi;
            __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
            (void)hi;
            /* The AVX2 code is also built for POPCNT, BMI1 and BMI2, which every AVX2 CPU
             * known has; checked all the same. */
            int popcnt = (c & bit_POPCNT) != 0;
            if ((lo & 6) == 6 && popcnt && __get_cpuid_count(7, 0, &a, &b, &c, &d) && (b & bit_AVX2) &&
                (b & bit_BMI) && (b & bit_BMI2))
                s = 2;
        }
#endif
        atomic_store(&avx2_state, s);
    }
    return s == 2;
}

static void masks_portable(const sk_tables *t, const uint8_t *p, uint64_t *m) {
    memset(m, 0, t->nmasks * sizeof *m);
    for (unsigned i = 0; i < 64; i++) {
        uint64_t v = t->cls[p[i]];
        while (v) {
            m[__builtin_ctzll(v)] |= 1ull << i;
            v &= v - 1;
        }
    }
}

#ifdef SK_X86
/* The bytes of v0, v1 (64 bytes) in lo ... hi: b - lo, as an unsigned byte, is at most
 * hi - lo (min_epu8 leaves it as it is). */
__attribute__((target("avx2"))) static inline uint64_t range_mask(__m256i v0, __m256i v1, uint8_t lo, uint8_t hi) {
    const __m256i base = _mm256_set1_epi8((char)lo), top = _mm256_set1_epi8((char)(hi - lo));
    const __m256i d0 = _mm256_sub_epi8(v0, base), d1 = _mm256_sub_epi8(v1, base);
    uint32_t in0 = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(_mm256_min_epu8(d0, top), d0));
    uint32_t in1 = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(_mm256_min_epu8(d1, top), d1));
    return (uint64_t)in1 << 32 | in0;
}

__attribute__((target("avx2"))) static inline void masks_avx2(const sk_tables *t, const uint8_t *p, uint64_t *m) {
    const truffle_block b = truffle_load(p);
    const __m256i v0 = b.v0, v1 = b.v1;
    /* The trigger sets and the first / second bytes of literals by their tables; the byte
     * kinds after them by ranges, which takes fewer operations. */
    const unsigned x = t->nsets;
    for (unsigned k = 0; k < x + X_LOWER; k++) m[k] = truffle_mask(&b, t->lo_tab[k], t->hi_tab[k], t->ascii_only[k]);
    m[x + X_LOWER] = range_mask(v0, v1, 'a', 'z');
    m[x + X_UPPER] = range_mask(v0, v1, 'A', 'Z');
    m[x + X_DIGIT] = range_mask(v0, v1, '0', '9');
    m[x + X_OTHER] = (uint64_t)(uint32_t)_mm256_movemask_epi8(v1) << 32 | (uint32_t)_mm256_movemask_epi8(v0);
}
#endif

/* MARK: The pass */

typedef struct sink {
    sk_event *out;
    size_t n;
} sink;

static inline void emit(sink *k, int64_t a, int64_t b, int32_t id, int32_t kind) {
    sk_event *e = &k->out[k->n++];
    e->start = a;
    e->end = b;
    e->id = id;
    e->kind = kind;
}

/* Runs of set k in the block at `base` (mask m, the previous block's mask prev): reports
 * each run of at least min_run bytes once, when it ends. Only runs that reach the length
 * are visited: q marks the bytes that end min(min_run, 64) bytes of the set, and a run
 * reaches it where q has its last byte (q is set from the byte that reaches the length to
 * the end of the run). */
static inline __attribute__((always_inline)) void runs_of_block(const sk_tables *t, sk_state *st, unsigned k,
                                                                uint64_t m, int64_t base, sink *out) {
    uint64_t prev = st->prev_mask[k];
    unsigned need = t->min_run[k];
    int open_before = (int)(prev >> 63);
    int64_t start_before = st->run_start[k];
    if (!m && !open_before) {
        st->prev_mask[k] = 0;
        return;
    }
    uint64_t q;
    if (need <= 1) {
        q = m;
    } else {
        /* q = the bytes j with bytes j - w + 1 ... j all in the set (w = min(need, 64), the
         * previous block's mask below this one's): not within w - 1 bytes after a byte
         * not in the set. Those bytes of this block by spreading its gaps (doubling the
         * spread each step); a gap of the previous block only reaches as far as its last
         * one does. */
        unsigned w = need > 64 ? 64 : need, spread = 1;
        uint64_t near = ~m;
        while (spread * 2 <= w) {
            near |= near << spread;
            spread *= 2;
        }
        if (spread < w) near |= near << (w - spread);
        uint64_t gaps_before = ~prev;
        if (gaps_before) {
            unsigned reach = 64 - (unsigned)__builtin_clzll(gaps_before) + w - 1; /* last gap + 1, + w - 1 */
            if (reach > 64) near |= low_bits(reach - 64);
        }
        q = m & ~near;
    }
    if (st->pending >> k & 1) {
        /* The run open before this block is long enough already: report it where it ends. */
        uint64_t gap = ~m;
        if (gap) {
            unsigned e = (unsigned)__builtin_ctzll(gap);
            if (base + e - start_before >= (int64_t)need) emit(out, start_before, base + e, (int32_t)k, SK_RUN);
            st->pending &= ~(1u << k);
            q &= ~low_bits(e);
        } else {
            q = 0;
        }
    }
    /* The last bytes of the runs that end in this block and reach the length (a run on
     * bit 63 may go on in the next block: it is left pending). */
    uint64_t last = q & ~(m >> 1) & ~(1ull << 63);
    const int64_t first_start = open_before ? start_before : base;
    while (last) {
        unsigned e = (unsigned)__builtin_ctzll(last);
        last &= last - 1;
        uint64_t below = ~m & ((1ull << e) - 1);
        int64_t s = below ? base + 64 - __builtin_clzll(below) : first_start;
        if (base + e + 1 - s >= (int64_t)need) emit(out, s, base + e + 1, (int32_t)k, SK_RUN);
    }
    st->pending |= (uint32_t)(q >> 63) << k;
    if (m >> 63) {
        uint64_t gap = ~m;
        st->run_start[k] = gap ? base + 64 - __builtin_clzll(gap) : first_start;
    }
    st->prev_mask[k] = m;
}

/* The eight bytes at s + i (fewer at the end of the input: zeros after them) as a
 * little-endian word, read once per candidate position for every literal compared there. */
static inline uint64_t head_at(const uint8_t *s, size_t n, size_t i) {
    uint64_t v = 0;
    if (i + 8 <= n) {
        memcpy(&v, s + i, 8);
    } else {
        uint8_t b[8] = {0};
        memcpy(b, s + i, n - i);
        memcpy(&v, b, 8);
    }
    return v;
}

/* v with ASCII capitals lower-cased (t->lower, eight bytes at once): with bit 7 cleared,
 * a byte plus 0x80 - 'A' has bit 7 set from 'A' on and plus 0x7F - 'Z' from after 'Z', with
 * no carry into the next byte; where the two differ and bit 7 of the byte was clear, it is
 * a capital, and bit 5 is set. */
static inline uint64_t lower8(uint64_t v) {
    const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
    uint64_t seven = v & ~high;
    uint64_t ge_a = seven + (0x80 - 'A') * ones, gt_z = seven + (0x7F - 'Z') * ones;
    uint64_t upper = (ge_a ^ gt_z) & ~v & high;
    return v | upper >> 2;
}

/* Compares the literals under pair `key` at position i (the first two bytes are known to
 * fit); head is head_at(s, n, i) folded with `fold` (t->lower, or identity for exact
 * literals). `word` literals also get whether a word may end after them; `bound` literals
 * are compared only where `after_gap` (no letter or digit before i). */
static inline __attribute__((always_inline)) void literals_at(const sk_tables *t, const pair_index *px, uint32_t key,
                                                              uint64_t head, const uint8_t *s, size_t n, size_t i,
                                                              int word, int after_gap, const uint8_t *fold, sink *out) {
    uint64_t bits = px->bits[key >> 6];
    if (!(bits >> (key & 63) & 1)) return;
    uint32_t g = px->rank[key >> 6] + (uint32_t)__builtin_popcountll(bits & ((1ull << (key & 63)) - 1));
    uint32_t hi = px->lng[g];
    if (i + 4 <= n) {
        /* quad_hash of the first four (folded) bytes. */
        uint32_t h = ((uint32_t)head * 0x9E3779B1u) >> 16;
        if (px->quad[h >> 6] >> (h & 63) & 1) hi = px->group[g + 1];
    }
    for (uint32_t k = px->group[g]; k < hi; k++) {
        const lit_entry *e = &px->lits[k];
        size_t len = e->len;
        if (len > n - i || ((head ^ e->head) & e->mask) || (e->bound && !after_gap)) continue;
        if (len > 8) {
            const uint8_t *l = t->lit_bytes + t->lit_start[e->id];
            size_t j = 8;
            while (j < len && fold[s[i + j]] == l[j]) j++;
            if (j != len) continue;
        }
        int glued = word && i + len < n && joined(t, s[i + len - 1], s[i + len]);
        if (glued) {
            uint8_t next = s[i + len];
            if (!(t->glued_sets[t->glued_class[e->id]][next >> 3] >> (next & 7) & 1)) continue;
        }
        emit(out, (int64_t)i, (int64_t)(i + len), (int32_t)e->id, glued ? SK_HIT_GLUED : SK_HIT);
    }
}

/* The quick test (see quad_bits) of the four bytes at p: Q_ANY and / or Q_WORD. */
static inline uint32_t quick_at(const sk_tables *t, const uint8_t *p) {
    uint32_t v;
    memcpy(&v, p, 4);
    uint32_t h = ((v | 0x20202020u) * 0x9E3779B1u) >> (32 - QUAD_LOG), key = v & 0xFFFF;
    return t->quad_bits[h >> 4] >> 2 * (h & 15) | t->pair_bits[key >> 4] >> 2 * (key & 15);
}

/* The quick test at the positions of the block at p whose bits are set in `at`; p[0 ..< 67]
 * must be readable. Bit b of the result: position b passes for some literal reported
 * anywhere; of *word: for some keyword word. Positions not in `at` may pass or not.
 * Branch-free over all 64 positions (a branch per position would be mispredicted often),
 * or, when few positions are asked for, only at those. */
static inline uint64_t quick(const sk_tables *t, const uint8_t *p, uint64_t at, uint64_t *word) {
    uint64_t any = 0, wrd = 0;
    if (__builtin_popcountll(at) <= QUICK_FEW) {
        while (at) {
            unsigned b = (unsigned)__builtin_ctzll(at);
            at &= at - 1;
            uint32_t f = quick_at(t, p + b);
            any |= (uint64_t)(f & Q_ANY) << b;
            wrd |= (uint64_t)(f >> 1 & 1) << b;
        }
        *word = wrd;
        return any;
    }
    for (unsigned b = 0; b < 64; b++) {
        uint32_t f = quick_at(t, p + b);
        any |= (uint64_t)(f & Q_ANY) << b;
        wrd |= (uint64_t)(f >> 1 & 1) << b;
    }
    *word = wrd;
    return any;
}

#ifdef SK_X86
/* quick() eight positions at a time: the four bytes at each position come from one 16-byte
 * load by a shuffle, and both tables are read by gathers. Gives exactly quick()'s masks for
 * the positions in `at`; when few are asked for, they are tested one by one instead (16
 * gathers cost more than a few lookups). */
__attribute__((target("avx2"))) static inline uint64_t quick_avx2(const sk_tables *t, const uint8_t *p, uint64_t at,
                                                                    uint64_t *word) {
    if (__builtin_popcountll(at) <= QUICK_FEW) return quick(t, p, at, word);
    const __m256i spread = _mm256_setr_epi8(0, 1, 2, 3, 1, 2, 3, 4, 2, 3, 4, 5, 3, 4, 5, 6,
                                            4, 5, 6, 7, 5, 6, 7, 8, 6, 7, 8, 9, 7, 8, 9, 10);
    /* The last eight positions: loaded from p + 51 so that the load ends at p + 67. */
    const __m256i spread_last = _mm256_add_epi8(spread, _mm256_set1_epi8(5));
    const __m256i case_bits = _mm256_set1_epi32(0x20202020), mul = _mm256_set1_epi32((int)0x9E3779B1u);
    const __m256i low4 = _mm256_set1_epi32(15), low16 = _mm256_set1_epi32(0xFFFF);
    const int *quad = (const int *)t->quad_bits, *pairs = (const int *)t->pair_bits;
    uint64_t any = 0, wrd = 0;
    for (unsigned g = 0; g < 8; g++) {
        const __m128i raw = _mm_loadu_si128((const __m128i *)(p + (g < 7 ? 8 * g : 51)));
        const __m256i v = _mm256_shuffle_epi8(_mm256_broadcastsi128_si256(raw), g < 7 ? spread : spread_last);
        const __m256i h = _mm256_srli_epi32(_mm256_mullo_epi32(_mm256_or_si256(v, case_bits), mul), 32 - QUAD_LOG);
        const __m256i key = _mm256_and_si256(v, low16);
        const __m256i qw = _mm256_i32gather_epi32(quad, _mm256_srli_epi32(h, 4), 4);
        const __m256i pw = _mm256_i32gather_epi32(pairs, _mm256_srli_epi32(key, 4), 4);
        const __m256i f = _mm256_or_si256(_mm256_srlv_epi32(qw, _mm256_slli_epi32(_mm256_and_si256(h, low4), 1)),
                                          _mm256_srlv_epi32(pw, _mm256_slli_epi32(_mm256_and_si256(key, low4), 1)));
        /* Bit 0 of f (Q_ANY) into the sign bit for one mask, bit 1 (Q_WORD) for the other. */
        any |= (uint64_t)(unsigned)_mm256_movemask_ps(_mm256_castsi256_ps(_mm256_slli_epi32(f, 31))) << 8 * g;
        wrd |= (uint64_t)(unsigned)_mm256_movemask_ps(_mm256_castsi256_ps(_mm256_slli_epi32(f, 30))) << 8 * g;
    }
    *word = wrd;
    return any;
}
#endif

/* The two ways to get a block's masks and quick test: with AVX2 (simd != 0) or in C. */
#ifdef SK_X86
#define BLOCK_MASKS(simd, t, p, m) ((simd) ? masks_avx2(t, p, m) : masks_portable(t, p, m))
#define BLOCK_QUICK(simd, t, p, at, w) ((simd) ? quick_avx2(t, p, at, w) : quick(t, p, at, w))
#else
#define BLOCK_MASKS(simd, t, p, m) masks_portable(t, p, m)
#define BLOCK_QUICK(simd, t, p, at, w) quick(t, p, at, w)
#endif

/* sk_collect's pass, made twice (collect_avx2, collect_portable) so that the AVX2 one has
 * the block functions inlined and POPCNT / BMI instructions for the bit operations. */
static inline __attribute__((always_inline)) size_t collect(const sk_tables *t, const uint8_t *s, size_t n,
                                                            sk_state *st, sk_event *out, size_t cap, int simd) {
    (void)simd; /* unused where there is no AVX2 code */
    sink sk = {out, 0};
    const size_t per_block = sk_events_per_block(t);
    const unsigned x = t->nsets;
    uint64_t masks[2][SK_MAX_MASKS];
    uint64_t *m = masks[0], *next = masks[1]; /* swapped from block to block */
    uint8_t pad[64], pad_next[64];
    size_t pos = (size_t)st->pos;
    int have = 0;
    while (pos < n) {
        if (cap - sk.n < per_block) break;
        size_t len = n - pos < 64 ? n - pos : 64;
        if (!have) {
            const uint8_t *p = s + pos;
            if (len < 64) {
                memset(pad, 0, sizeof pad);
                memcpy(pad, p, len);
                p = pad;
            }
            BLOCK_MASKS(simd, t, p, m);
        }
        /* The next block's masks now: a keyword window may begin inside a long word, so a
         * position followed by 64 word bytes may start a word (KeywordSet.firstMatch), and
         * a capital at the end of this block begins a word when a lower-case letter
         * follows it. */
        size_t npos = pos + 64;
        uint64_t word_next = 0;
        have = 0;
        if (npos < n) {
            const uint8_t *p = s + npos;
            size_t nlen = n - npos;
            if (nlen < 64) {
                memset(pad_next, 0, sizeof pad_next);
                memcpy(pad_next, p, nlen);
                p = pad_next;
            }
            BLOCK_MASKS(simd, t, p, next);
            if (nlen < 64)
                for (unsigned k = 0; k < t->nmasks; k++) next[k] &= low_bits((unsigned)nlen);
            word_next = next[x + X_LOWER] | next[x + X_UPPER] | next[x + X_DIGIT] | next[x + X_OTHER];
            have = 1;
        }
        const uint64_t cut = low_bits((unsigned)len);
        const int64_t base = (int64_t)pos;
        if (len < 64)
            for (unsigned k = 0; k < t->nmasks; k++) m[k] &= cut;
        for (unsigned k = 0; k < x; k++) runs_of_block(t, st, k, m[k], base, &sk);

        if (t->has_any || t->has_word) {
            uint64_t lower = m[x + X_LOWER], upper = m[x + X_UPPER], digit = m[x + X_DIGIT], other = m[x + X_OTHER];
            uint64_t letter = lower | upper, alnum = letter | digit, word = alnum | other;
            uint8_t pk = pos ? t->kind[st->prev_byte] : K_SEP;
            uint64_t p_letter = letter << 1 | ((pk & K_LETTER) != 0), p_digit = digit << 1 | (pk == K_DIGIT);
            uint64_t p_other = other << 1 | (pk == K_OTHER), p_word = word << 1 | ((pk & K_WORD) != 0);
            uint64_t p_upper = upper << 1 | (pk == K_UPPER);
            /* The last capital before a lower-case letter begins a word whatever is before
             * it ("ÿKto" -> "ÿ", "Kto"); any other capital after a capital stays in its word
             * ("INFO" is one word: no one-letter "i" in it). */
            uint64_t lower_next = have ? (next[x + X_LOWER] & 1) << 63 : 0;
            uint64_t capital = upper & (lower >> 1 | lower_next);
            uint64_t join = (p_letter & lower) | (p_digit & digit) | (p_other & word) | (p_word & other) |
                            (p_upper & upper & ~capital);
            uint64_t starts = 0;
            if (t->has_word) {
                /* w: the positions j followed by 64 word bytes (j ..< j + 64 over this block
                 * and the next): no non-word byte at j or above here (j > the highest, hz)
                 * and none below j in the next block (j <= the lowest, lz). */
                uint64_t gaps = ~word, gaps_next = ~word_next;
                unsigned hz = gaps ? 64 - (unsigned)__builtin_clzll(gaps) : 0; /* highest + 1 */
                unsigned lz = gaps_next ? (unsigned)__builtin_ctzll(gaps_next) + 1 : 65;
                uint64_t w = low_bits(lz) & ~low_bits(hz);
                starts = alnum & (~join | capital | w);
                if (t->has_single) {
                    /* One-letter words: a letter of one where a word may start and may end
                     * after it, followed by no digit (see sk_spec): the next byte neither
                     * joins it nor is a digit. Past the input, nothing does. */
                    uint64_t single = m[x + X_SINGLE] & starts & cut;
                    if (single) {
                        /* (The next block's masks are there when pos + 64 < n.) */
                        uint64_t caps = upper >> 63 & next[x + X_UPPER] & ~(next[x + X_LOWER] >> 1) & 1;
                        int held = pos + 64 < n && (joined(t, s[pos + 63], s[pos + 64]) ||
                                                    t->kind[s[pos + 64]] == K_DIGIT || caps);
                        single &= ~((join | digit) >> 1 | (uint64_t)held << 63);
                    }
                    while (single) {
                        unsigned b = (unsigned)__builtin_ctzll(single);
                        single &= single - 1;
                        emit(&sk, base + b, base + b + 1, t->single[s[pos + b]], SK_HIT);
                    }
                }
            }
            /* after_gap: no letter or digit before the position (sk_spec.lit_bound). */
            uint64_t after_gap = ~(alnum << 1 | ((pk & (K_LETTER | K_DIGIT)) != 0));
            uint64_t any = t->has_any ? m[x + X_FIRST] & (m[x + X_SECOND] >> 1 | 1ull << 63) : 0;
            if (t->has_bound) any |= m[x + X_BFIRST] & (m[x + X_BSECOND] >> 1 | 1ull << 63) & after_gap;
            uint64_t cand = (starts | any) & cut;
            if (cand && pos + 67 <= n) {
                uint64_t pass_word;
                uint64_t pass_any = BLOCK_QUICK(simd, t, s + pos, cand, &pass_word);
                any &= pass_any;
                starts &= pass_word;
                cand &= any | starts;
            }
            while (cand) {
                unsigned b = (unsigned)__builtin_ctzll(cand);
                cand &= cand - 1;
                size_t i = pos + b;
                if (i + 1 >= n) break;
                uint64_t raw = head_at(s, n, i), low = lower8(raw);
                uint32_t key = (uint32_t)(low & 0xFFFF);
                if (any >> b & 1) {
                    int gap = (int)(after_gap >> b & 1);
                    literals_at(t, &t->any, key, low, s, n, i, 0, gap, t->lower, &sk);
                    literals_at(t, &t->exact, (uint32_t)(raw & 0xFFFF), raw, s, n, i, 0, gap, t->identity, &sk);
                }
                if (starts >> b & 1) literals_at(t, &t->word, key, low, s, n, i, 1, 0, t->lower, &sk);
            }
        }
        st->prev_byte = s[pos + len - 1];
        pos += len;
        if (have) {
            uint64_t *was = m;
            m = next;
            next = was;
        }
    }
    st->pos = (int64_t)pos;
    if (pos >= n && cap - sk.n >= t->nsets) {
        /* Runs still open at the end of the input: the last block was full and ended in them. */
        for (unsigned k = 0; k < x; k++)
            if ((st->pending >> k & 1) && (int64_t)n - st->run_start[k] >= (int64_t)t->min_run[k])
                emit(&sk, st->run_start[k], (int64_t)n, (int32_t)k, SK_RUN);
        st->pending = 0;
        st->done = 1;
    }
    return sk.n;
}

#ifdef SK_X86
__attribute__((target("avx2,popcnt,bmi,bmi2"))) static size_t collect_avx2(const sk_tables *t, const uint8_t *s,
                                                                           size_t n, sk_state *st, sk_event *out,
                                                                           size_t cap) {
    return collect(t, s, n, st, out, cap, 1);
}
#endif

static size_t collect_portable(const sk_tables *t, const uint8_t *s, size_t n, sk_state *st, sk_event *out,
                               size_t cap) {
    return collect(t, s, n, st, out, cap, 0);
}

size_t sk_collect(const sk_tables *t, const uint8_t *s, size_t n, sk_state *st, sk_event *out, size_t cap) {
    if (st->done) return 0;
#ifdef SK_X86
    if (sk_uses_avx2()) return collect_avx2(t, s, n, st, out, cap);
#endif
    return collect_portable(t, s, n, st, out, cap);
}

/* MARK: Start shapes */

void sk_batch_reset(sk_batch_state *st) {
    /* Not all of it: a scan resets it often (each gated group's shape is tested alone),
     * hi is read only where lo >= 0, and sk_shape_wide clears lanes 8 ... 31 as it starts. */
    st->range = 0;
    st->at = -1;
    st->bits[0] = 0;
    for (int l = 0; l < 8; l++) st->lo[l] = -1;
    st->ext = NULL;
    st->ext_len = NULL;
    st->done = 0;
}

/* Whether start p of `lane`, which fits the lane's first eight offsets, fits the rest of
 * its shape (sk_batch_state.ext). */
static inline int ext_fits(const sk_batch_state *st, unsigned lane, const uint8_t *s, size_t n, int64_t p) {
    unsigned len = st->ext_len[lane];
    if (!len) return 1;
    if ((size_t)p + 8 + len > n) return 0;
    const uint8_t *tab = st->ext + 256 * (size_t)lane;
    for (unsigned k = 0; k < len; k++)
        if (!(tab[s[p + 8 + k]] >> k & 1)) return 0;
    return 1;
}

/* Start p of lane `lane`: merged into the lane's open range, or opening a new one (the
 * open one written out). Only a start that would open a range has the rest of its shape
 * checked (sk_batch_state.ext): inside a range PCRE2 reads its bytes anyway, and a run
 * of starts (a column of numbers) costs one check instead of one per start. */
static inline size_t lane_start(sk_batch_state *st, unsigned lane, int64_t p, int64_t gap, const uint8_t *s,
                                size_t n, sk_lane_range *out, size_t k) {
    if (st->lo[lane] >= 0 && p <= st->hi[lane] + gap) {
        if (p > st->hi[lane]) st->hi[lane] = p;
        return k;
    }
    if (st->ext && !ext_fits(st, lane, s, n, p)) return k;
    if (st->lo[lane] >= 0) out[k++] = (sk_lane_range){st->lo[lane], st->hi[lane], (int32_t)lane, 0};
    st->lo[lane] = st->hi[lane] = p;
    return k;
}

/* The starts that the set bits of `hit` (one state word after byte j, lanes lane0 ...
 * lane0 + 7) give. */
static inline size_t word_hits(sk_batch_state *st, uint64_t hit, unsigned lane0, int64_t j, int64_t hi, int64_t gap,
                               const uint8_t *s, size_t n, sk_lane_range *out, size_t k) {
    do {
        unsigned bit = (unsigned)__builtin_ctzll(hit);
        hit &= hit - 1;
        int64_t p = j - (bit & 7);
        if (p > hi) continue;
        k = lane_start(st, lane0 + (bit >> 3), p, gap, s, n, out, k);
    } while (hit);
    return k;
}

/* The open ranges of the first `lanes` lanes, when the batch's ranges are all read. */
static size_t batch_end(sk_batch_state *st, int lanes, sk_lane_range *out, size_t k, size_t cap) {
    if (cap - k < (size_t)lanes) return k; /* the open ranges at the next call */
    for (int l = 0; l < lanes; l++)
        if (st->lo[l] >= 0) out[k++] = (sk_lane_range){st->lo[l], st->hi[l], l, 0};
    st->done = 1;
    return k;
}

/* TAIL: after the last start of a range, the shift-and goes on only while some lane has a
 * match under way (most ranges end in text that fits no shape: the bytes after a '.' of a
 * sentence); then the rest of the range is skipped. */
size_t sk_shape_batch(const uint64_t *table, uint64_t full, int64_t span, int64_t gap, const uint8_t *s, size_t n,
                      const int64_t *ranges, size_t nranges, sk_batch_state *st, sk_lane_range *out, size_t cap) {
    /* Bit 0 of every lane is set before the AND: any byte of the range may begin a match.
     * The shift moves a lane's bit 7 into the next lane's bit 0, which is set anyway. Past
     * the range (see TAIL), bit 0 is cleared instead, and the pass stops when no lane has a
     * match under way. */
    const uint64_t lane_low = 0x0101010101010101ull;
    size_t k = 0;
    if (st->done || cap < SK_BATCH_MIN_CAP) return 0;
    uint64_t d = st->bits[0];
    for (; st->range < nranges; st->range++, st->at = -1) {
        int64_t lo = ranges[2 * st->range], hi = ranges[2 * st->range + 1];
        int64_t j = st->at;
        if (j < 0) {
            j = lo;
            d = 0;
        }
        int64_t last = hi + span < (int64_t)n - 1 ? hi + span : (int64_t)n - 1;
        while (j <= last) {
            /* At most 8 output ranges per byte: room for a chunk of 64 bytes is checked once. */
            if (cap - k < 8 * 64 + 8) {
                st->at = j;
                st->bits[0] = d;
                return k;
            }
            int64_t stop = last < j + 63 ? last : j + 63;
            if (j <= hi) {
                if (stop > hi) stop = hi;
                for (; j <= stop; j++) {
                    d = (d << 1 | lane_low) & table[s[j]];
                    uint64_t hit = d & full;
                    if (__builtin_expect(hit == 0, 1)) continue;
                    k = word_hits(st, hit, 0, j, hi, gap, s, n, out, k);
                }
                continue;
            }
            for (; j <= stop; j++) {
                d = (d << 1 & ~lane_low) & table[s[j]];
                if (!d) {
                    j = last + 1;
                    break;
                }
                uint64_t hit = d & full;
                if (hit) k = word_hits(st, hit, 0, j, hi, gap, s, n, out, k);
            }
        }
    }
    st->bits[0] = d;
    return batch_end(st, 8, out, k, cap);
}

/* sk_shape_wide reads WIDE_CHUNK bytes between checks of the room left: at most 32 output
 * ranges per byte, and the lanes' open ranges at the end, fit in SK_BATCH_MIN_CAP. The
 * bytes past a range (the TAIL of sk_shape_batch) only finish the matches under way. */
#define WIDE_CHUNK 16
_Static_assert(SK_BATCH_LANES * (WIDE_CHUNK + 1) <= SK_BATCH_MIN_CAP, "a chunk's output fits the smallest buffer");

/* The portable wide pass: the four state words one after another. */
static size_t wide_portable(const uint64_t *table, const uint64_t *full, int64_t span, int64_t gap, const uint8_t *s,
                            size_t n, const int64_t *ranges, size_t nranges, sk_batch_state *st, sk_lane_range *out,
                            size_t cap) {
    const uint64_t lane_low = 0x0101010101010101ull;
    size_t k = 0;
    uint64_t d0 = st->bits[0], d1 = st->bits[1], d2 = st->bits[2], d3 = st->bits[3];
    const uint64_t f0 = full[0], f1 = full[1], f2 = full[2], f3 = full[3];
    for (; st->range < nranges; st->range++, st->at = -1) {
        int64_t lo = ranges[2 * st->range], hi = ranges[2 * st->range + 1];
        int64_t j = st->at;
        if (j < 0) {
            j = lo;
            d0 = d1 = d2 = d3 = 0;
        }
        int64_t last = hi + span < (int64_t)n - 1 ? hi + span : (int64_t)n - 1;
        while (j <= last) {
            if (cap - k < SK_BATCH_LANES * (WIDE_CHUNK + 1)) {
                st->at = j;
                st->bits[0] = d0, st->bits[1] = d1, st->bits[2] = d2, st->bits[3] = d3;
                return k;
            }
            int64_t stop = last < j + WIDE_CHUNK - 1 ? last : j + WIDE_CHUNK - 1;
            for (; j <= stop; j++) {
                const uint64_t *row = table + 4 * (size_t)s[j];
                const uint64_t low = j <= hi ? lane_low : 0, keep = j <= hi ? ~0ull : ~lane_low;
                d0 = ((d0 << 1 & keep) | low) & row[0];
                d1 = ((d1 << 1 & keep) | low) & row[1];
                d2 = ((d2 << 1 & keep) | low) & row[2];
                d3 = ((d3 << 1 & keep) | low) & row[3];
                if (j > hi && !(d0 | d1 | d2 | d3)) {
                    j = last + 1;
                    break;
                }
                if (__builtin_expect(((d0 & f0) | (d1 & f1) | (d2 & f2) | (d3 & f3)) == 0, 1)) continue;
                if (d0 & f0) k = word_hits(st, d0 & f0, 0, j, hi, gap, s, n, out, k);
                if (d1 & f1) k = word_hits(st, d1 & f1, 8, j, hi, gap, s, n, out, k);
                if (d2 & f2) k = word_hits(st, d2 & f2, 16, j, hi, gap, s, n, out, k);
                if (d3 & f3) k = word_hits(st, d3 & f3, 24, j, hi, gap, s, n, out, k);
            }
        }
    }
    st->bits[0] = d0, st->bits[1] = d1, st->bits[2] = d2, st->bits[3] = d3;
    return batch_end(st, SK_BATCH_LANES, out, k, cap);
}

#ifdef SK_X86
/* The AVX2 wide pass: the 256-bit state costs one shift, OR and AND per byte, as one
 * 64-bit word does (vpsllq shifts each word on its own: four 64-bit passes side by side). */
__attribute__((target("avx2"))) static size_t wide_avx2(const uint64_t *table, const uint64_t *full, int64_t span,
                                                        int64_t gap, const uint8_t *s, size_t n, const int64_t *ranges,
                                                        size_t nranges, sk_batch_state *st, sk_lane_range *out,
                                                        size_t cap) {
    const __m256i lane_low = _mm256_set1_epi8(1), zero = _mm256_setzero_si256();
    const __m256i f = _mm256_loadu_si256((const __m256i *)full);
    /* Each lane has one bit in full, so the lanes whose shape fits are the nonzero bytes of
     * d & full (one vpmovmskb), and the start is j less the lane's last offset: the index of
     * that bit, looked up by nibble (vpshufb) for the 32 lanes at once. */
    const __m256i nibble = _mm256_set1_epi8(0x0F);
    const __m256i low_index = _mm256_setr_epi8(0, 0, 1, 0, 2, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 2, 0, 0, 0,
                                               3, 0, 0, 0, 0, 0, 0, 0);
    const __m256i high_index = _mm256_setr_epi8(0, 4, 5, 0, 6, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0, 0, 4, 5, 0, 6, 0, 0, 0,
                                                7, 0, 0, 0, 0, 0, 0, 0);
    uint8_t last_offset[SK_BATCH_LANES];
    _mm256_storeu_si256((__m256i *)last_offset,
                        _mm256_or_si256(_mm256_shuffle_epi8(low_index, _mm256_and_si256(f, nibble)),
                                        _mm256_shuffle_epi8(high_index, _mm256_and_si256(_mm256_srli_epi16(f, 4), nibble))));
    size_t k = 0;
    __m256i d = _mm256_loadu_si256((const __m256i *)st->bits);
    for (; st->range < nranges; st->range++, st->at = -1) {
        int64_t lo = ranges[2 * st->range], hi = ranges[2 * st->range + 1];
        int64_t j = st->at;
        if (j < 0) {
            j = lo;
            d = _mm256_setzero_si256();
        }
        int64_t last = hi + span < (int64_t)n - 1 ? hi + span : (int64_t)n - 1;
        while (j <= last) {
            if (cap - k < SK_BATCH_LANES * (WIDE_CHUNK + 1)) {
                st->at = j;
                _mm256_storeu_si256((__m256i *)st->bits, d);
                return k;
            }
            int64_t stop = last < j + WIDE_CHUNK - 1 ? last : j + WIDE_CHUNK - 1;
            if (j <= hi && stop > hi) stop = hi;
            if (j <= hi) {
                for (; j <= stop; j++) {
                    __m256i row = _mm256_loadu_si256((const __m256i *)(table + 4 * (size_t)s[j]));
                    d = _mm256_and_si256(_mm256_or_si256(_mm256_slli_epi64(d, 1), lane_low), row);
                    if (__builtin_expect(_mm256_testz_si256(d, f), 1)) continue;
                    uint32_t lanes = ~(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(_mm256_and_si256(d, f), zero));
                    do {
                        unsigned lane = (unsigned)__builtin_ctz(lanes);
                        lanes &= lanes - 1;
                        k = lane_start(st, lane, j - last_offset[lane], gap, s, n, out, k);
                    } while (lanes);
                }
                continue;
            }
            /* The TAIL (see sk_shape_batch). */
            for (; j <= stop; j++) {
                __m256i row = _mm256_loadu_si256((const __m256i *)(table + 4 * (size_t)s[j]));
                d = _mm256_and_si256(_mm256_andnot_si256(lane_low, _mm256_slli_epi64(d, 1)), row);
                if (_mm256_testz_si256(d, d)) {
                    j = last + 1;
                    break;
                }
                if (__builtin_expect(_mm256_testz_si256(d, f), 1)) continue;
                uint32_t lanes = ~(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(_mm256_and_si256(d, f), zero));
                do {
                    unsigned lane = (unsigned)__builtin_ctz(lanes);
                    lanes &= lanes - 1;
                    int64_t p = j - last_offset[lane];
                    if (p <= hi) k = lane_start(st, lane, p, gap, s, n, out, k);
                } while (lanes);
            }
        }
    }
    _mm256_storeu_si256((__m256i *)st->bits, d);
    return batch_end(st, SK_BATCH_LANES, out, k, cap);
}
#endif

size_t sk_shape_wide(const uint64_t *table, const uint64_t *full, int64_t span, int64_t gap, const uint8_t *s, size_t n,
                     const int64_t *ranges, size_t nranges, sk_batch_state *st, sk_lane_range *out, size_t cap) {
    if (st->done || cap < SK_BATCH_MIN_CAP) return 0;
    if (st->range == 0 && st->at < 0) {
        /* Not started (sk_batch_reset): the lanes sk_batch_reset leaves alone. */
        for (int l = 8; l < SK_BATCH_LANES; l++) st->lo[l] = -1;
        st->bits[1] = st->bits[2] = st->bits[3] = 0;
    }
#ifdef SK_X86
    if (sk_uses_avx2()) return wide_avx2(table, full, span, gap, s, n, ranges, nranges, st, out, cap);
#endif
    return wide_portable(table, full, span, gap, s, n, ranges, nranges, st, out, cap);
}
