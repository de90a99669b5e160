// The rule packs compiled into the library: the bytes of packs/*.json, embedded at build
// time (see builtin_packs.c). Internal to libclassify; not part of the public header.
#ifndef CLASSIFY_BUILTIN_PACKS_H
#define CLASSIFY_BUILTIN_PACKS_H

#include <stddef.h>

typedef struct cbuiltin_pack_bytes {
    const char *name;           // e.g. "core"
    const unsigned char *bytes; // the pack's JSON text
    size_t length;
} cbuiltin_pack_bytes;

// The number of built-in packs.
size_t cbuiltin_pack_count(void);
// Built-in pack number i (in the order they are layered into the default ruleset), or NULL.
const cbuiltin_pack_bytes *cbuiltin_pack_at(size_t i);

#endif
