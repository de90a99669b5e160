// Embeds packs/*.json into the library with C23 #embed, so that the packs ship inside
// libclassify.so and are read from the same files that `classify pack test` checks.
// Adding a pack: add its file under packs/ and a PACK(...) block below, in layering order.
#include "builtin_packs.h"

#pragma clang diagnostic ignored "-Wc23-extensions"

#define BYTES(name) name##_json, sizeof name##_json

static const unsigned char core_json[] = {
#embed "../../packs/core.json"
};
#if __has_embed("../../packs/pii-americas.json")
static const unsigned char pii_americas_json[] = {
#embed "../../packs/pii-americas.json"
};
#define HAVE_PII_AMERICAS 1
#endif
#if __has_embed("../../packs/pii-europe.json")
static const unsigned char pii_europe_json[] = {
#embed "../../packs/pii-europe.json"
};
#define HAVE_PII_EUROPE 1
#endif
#if __has_embed("../../packs/pii-asia-pacific-africa.json")
static const unsigned char pii_apac_json[] = {
#embed "../../packs/pii-asia-pacific-africa.json"
};
#define HAVE_PII_APAC 1
#endif
#if __has_embed("../../packs/financial.json")
static const unsigned char financial_json[] = {
#embed "../../packs/financial.json"
};
#define HAVE_FINANCIAL 1
#endif
#if __has_embed("../../packs/phi.json")
static const unsigned char phi_json[] = {
#embed "../../packs/phi.json"
};
#define HAVE_PHI 1
#endif
#if __has_embed("../../packs/credentials.json")
static const unsigned char credentials_json[] = {
#embed "../../packs/credentials.json"
};
#define HAVE_CREDENTIALS 1
#endif
#if __has_embed("../../packs/network.json")
static const unsigned char network_json[] = {
#embed "../../packs/network.json"
};
#define HAVE_NETWORK 1
#endif

static const cbuiltin_pack_bytes table[] = {
    {"core", BYTES(core)},
#ifdef HAVE_PII_AMERICAS
    {"pii-americas", BYTES(pii_americas)},
#endif
#ifdef HAVE_PII_EUROPE
    {"pii-europe", BYTES(pii_europe)},
#endif
#ifdef HAVE_PII_APAC
    {"pii-asia-pacific-africa", BYTES(pii_apac)},
#endif
#ifdef HAVE_FINANCIAL
    {"financial", BYTES(financial)},
#endif
#ifdef HAVE_PHI
    {"phi", BYTES(phi)},
#endif
#ifdef HAVE_CREDENTIALS
    {"credentials", BYTES(credentials)},
#endif
#ifdef HAVE_NETWORK
    {"network", BYTES(network)},
#endif
};

size_t cbuiltin_pack_count(void) { return sizeof table / sizeof table[0]; }

const cbuiltin_pack_bytes *cbuiltin_pack_at(size_t i) {
    return i < cbuiltin_pack_count() ? &table[i] : NULL;
}
