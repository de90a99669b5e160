// SPDX-License-Identifier: Apache-2.0
// HTTP Basic credentials: base64 of user:password (RFC 7617). Synthetic values.

import Testing
@testable import ClassifyEngine

@Suite("Validator http_basic_auth")
struct HTTPBasicAuthTests {
    let v = Validator.httpBasicAuth

    @Test(arguments: [
        "c3ZjLXJlcG9ydHM6aUU2TmZ4R2tvVUtGblQyZw==",  // svc-reports:iE6NfxGkoUKFnT2g
        "YTpi",                                      // a:b
        "Ym9iOnBhOnNz",                              // bob:pa:ss (the first colon splits)
        "asO8cmdlbjpncsO8bjEyMw==",                  // jürgen:grün123 (UTF-8)
        "QWxhZGRpbjpvcGVuIHNlc2FtZQ==",              // Aladdin:open sesame (RFC 7617; the pack ignores it)
    ])
    func acceptsUserColonPassword(_ value: String) {
        #expect(v.validate(value))
    }

    @Test(arguments: [
        "dXNlcg==",                      // user (no colon)
        "Om5vdXNlcg==",                  // :nouser
        "bm9wYXNzOg==",                  // nopass:
        "c3ZjLXJlcG9ydHM6aUU2TmZ4R2tvVUtGblQyZw",  // padding missing
        "c3ZjLXJlcG9ydHM6aUU2TmZ4R2tvVUtGblQyZw=A",  // padding in the wrong place
        "YT=i",
        "YTpi!A==",                      // not base64
        "AAAAAAAA",                      // decodes to NUL bytes
        "/////w==",                      // not UTF-8
        "",
    ])
    func rejectsOthers(_ value: String) {
        #expect(!v.validate(value))
    }

    @Test func rejectsControlCharacters() {
        // "a:b\n" in base64.
        #expect(!v.validate("YTpiCg=="))
    }
}
