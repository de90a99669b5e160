/*
 * malloc_count.c - an LD_PRELOAD shim that counts heap allocations.
 *
 *   cc -O2 -shared -fPIC -o malloc_count.so benchmarks/malloc_count.c
 *   LD_PRELOAD=$PWD/malloc_count.so ./bench_c allocs ...
 *
 * Every call to malloc, calloc, realloc, posix_memalign, aligned_alloc, memalign and valloc
 * (from any library, the Swift runtime inside libclassify included) adds one to a counter
 * and its size to a byte total, then is passed to glibc's own allocator (__libc_malloc and
 * friends, so no dlsym and no recursion). free is not interposed: the memory comes from
 * glibc's allocator either way.
 *
 * A program reads the counters through malloc_count_calls() and malloc_count_bytes(),
 * found with dlsym(RTLD_DEFAULT, ...) so that it also runs without the shim.
 * Counters are atomic (relaxed); they count calls in all threads.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <unistd.h>

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t size);
extern void *__libc_memalign(size_t alignment, size_t size);

static unsigned long long calls;
static unsigned long long bytes;

static inline void note(size_t size) {
    __atomic_fetch_add(&calls, 1, __ATOMIC_RELAXED);
    __atomic_fetch_add(&bytes, (unsigned long long)size, __ATOMIC_RELAXED);
}

__attribute__((visibility("default"))) unsigned long long malloc_count_calls(void) {
    return __atomic_load_n(&calls, __ATOMIC_RELAXED);
}

__attribute__((visibility("default"))) unsigned long long malloc_count_bytes(void) {
    return __atomic_load_n(&bytes, __ATOMIC_RELAXED);
}

void *malloc(size_t size) {
    note(size);
    return __libc_malloc(size);
}

void *calloc(size_t n, size_t size) {
    note(n * size);
    return __libc_calloc(n, size);
}

void *realloc(void *p, size_t size) {
    note(size);
    return __libc_realloc(p, size);
}

void *memalign(size_t alignment, size_t size) {
    note(size);
    return __libc_memalign(alignment, size);
}

void *aligned_alloc(size_t alignment, size_t size) {
    note(size);
    return __libc_memalign(alignment, size);
}

int posix_memalign(void **out, size_t alignment, size_t size) {
    if (alignment < sizeof(void *) || (alignment & (alignment - 1)) != 0) return EINVAL;
    note(size);
    void *p = __libc_memalign(alignment, size);
    if (p == NULL && size != 0) return ENOMEM;
    *out = p;
    return 0;
}

void *valloc(size_t size) {
    note(size);
    return __libc_memalign((size_t)sysconf(_SC_PAGESIZE), size);
}
