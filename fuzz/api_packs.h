/* Packs, a public key and detached signatures used by fuzz_api.c (see fuzz/README.md).

   The signatures are in the documented format (docs/rule-packs.md, "Signatures"): the
   envelope "classify-signature/1", kind, id, version and the SHA-256 digest of the exact
   pack bytes below, signed with Ed25519 by the key API_PUBLIC_KEY, whose secret half was
   random and thrown away after signing (libsodium crypto_sign_detached, once). Changing a
   byte of a pack text invalidates its signature: regenerate both together. */
#ifndef CLASSIFY_FUZZ_API_PACKS_H
#define CLASSIFY_FUZZ_API_PACKS_H

/* "api" 1.0.0: two detectors, examples that hold. */
static const char small_pack[] =
    "{\"schema\":\"classify.pack/1\",\"id\":\"api\",\"version\":\"1.0.0\","
    "\"frameworks\":[{\"id\":\"GDPR\"}],"
    "\"detectors\":[{\"id\":\"mail\",\"type\":\"EMAIL_ADDRESS\",\"category\":\"pii\","
    "\"patterns\":[\"[a-z0-9.]{1,20}@[a-z0-9]{1,20}\\\\.[a-z]{2,6}\"],\"keywords\":[\"mail\"],"
    "\"level\":\"internal\",\"frameworks\":[\"GDPR\"],"
    "\"examples\":{\"match\":[\"mail a.b@example.com\"],\"no_match\":[\"a.b@\"]}},"
    "{\"id\":\"card\",\"type\":\"CREDIT_CARD\",\"category\":\"financial\",\"validator\":\"luhn\","
    "\"patterns\":[\"\\\\b\\\\d{16}\\\\b\"],\"level\":\"restricted\","
    "\"examples\":{\"match\":[\"4111111111111111\"]}}]}";

/* "api" 2.0.0: the same detectors with the pack's own redaction (hash for mail, mask
   keeping 2 for card), a credential detector, and a review threshold. */
static const char small_pack_v2[] =
    "{\"schema\":\"classify.pack/1\",\"id\":\"api\",\"version\":\"2.0.0\","
    "\"frameworks\":[{\"id\":\"GDPR\"},{\"id\":\"PCI_DSS\"}],\"review\":{\"confidence_below\":0.6},"
    "\"detectors\":[{\"id\":\"mail\",\"type\":\"EMAIL_ADDRESS\",\"category\":\"pii\","
    "\"patterns\":[\"[a-z0-9.]{1,20}@[a-z0-9]{1,20}\\\\.[a-z]{2,6}\"],\"keywords\":[\"mail\"],"
    "\"level\":\"confidential\",\"frameworks\":[\"GDPR\"],\"redaction\":{\"mode\":\"hash\"},"
    "\"examples\":{\"match\":[\"mail a.b@example.com\"],\"no_match\":[\"a.b@\"]}},"
    "{\"id\":\"card\",\"type\":\"CREDIT_CARD\",\"category\":\"financial\",\"validator\":\"luhn\","
    "\"patterns\":[\"\\\\b\\\\d{16}\\\\b\"],\"level\":\"restricted\",\"frameworks\":[\"PCI_DSS\"],"
    "\"redaction\":{\"mode\":\"mask\",\"keep\":2},\"examples\":{\"match\":[\"4111111111111111\"]}},"
    "{\"id\":\"tok\",\"type\":\"TOKEN\",\"category\":\"credential\",\"patterns\":[\"\\\\btok_[a-z]{8}\\\\b\"],"
    "\"confidence\":0.55,\"level\":\"confidential\",\"examples\":{\"match\":[\"tok_abcdefgh\"]}}]}";

/* The public key (base64 of its 32 bytes) that signed the two packs. */
static const char API_PUBLIC_KEY[] = "ucTi6N0djxnieCLqQIRW8vpH7COWLCK1OxnhJNteKx4=";

static const char small_pack_sig[] =
    "classify-signature/1\n"
    "kind: pack\n"
    "id: api\n"
    "version: 1.0.0\n"
    "digest: sha256:a8cf4157fe5dddbe6485c03c1f0f63a5390c916709a2c2c519380c8de502507f\n"
    "key-id: e4f7226b5d98f4e0\n"
    "signature: npbBWPlPLqNFXJZgWopHUsUjU8518sABstxZix4VidNL7VDvnMNxr9lbZC+Na6M6vGU37FluSBtTAXpV+3SjCQ==\n";

static const char small_pack_v2_sig[] =
    "classify-signature/1\n"
    "kind: pack\n"
    "id: api\n"
    "version: 2.0.0\n"
    "digest: sha256:38c5e2fb37d540f56c4b1019f4ba436956f0ecfb6924daf66162f5f230cf6e8c\n"
    "key-id: e4f7226b5d98f4e0\n"
    "signature: vCgOLFQ0uya9ZjY6R4dCNhpB6UlnzXlUl6B+oJD7MArkOKuEuL7B+j/qiQaShgF3wRUPlhlAaiwtW3fQW/iQAg==\n";

#endif
