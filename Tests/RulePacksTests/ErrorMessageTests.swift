// SPDX-License-Identifier: Apache-2.0
// An error message is one line whatever the pack holds (classify.h: "What went wrong, in
// one line of English"). Found by the "loader" fuzz target: pack strings quoted in a
// message (a version, a level, an unknown key, an example) carried their newlines and
// other control characters into it. Inputs: tests/fuzz-regressions/loader/.

import Testing
@testable import RulePacks

@Suite struct ErrorMessageTests {
    private func error(_ text: String) -> ClassifyError? {
        do {
            _ = try RulePack.load(bytes: Array(text.utf8), name: "msg.json")
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [
        #"{"schema":"classify.pack/1","id":"nl","version":"1.0\r\n.0\u001b[2J","detectors":[]}"#,
        #"{"schema":"classify.pack/1","id":"nl","version":"1.0.0","a\nb\tc":1,"detectors":[]}"#,
        #"{"schema":"classify.pack/1","id":"nl","version":"1.0.0","detectors":[{"id":"e","type":"E","category":"pii","patterns":["x"],"level":"restri\nted","examples":{"match":["x"]}}]}"#,
    ])
    func controlCharactersInQuotedPackTextAreEscaped(text: String) throws {
        let e = try #require(error(text))
        let message = e.description
        #expect(!message.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }), "\(message)")
        #expect(message.contains("\\n") || message.contains("\\r") || message.contains("\\t"))
    }

    @Test func oneLineKeepsOrdinaryTextAndEscapesTheRest() {
        #expect(ClassifyError.oneLine("plain ü 😀") == "plain ü 😀")
        #expect(ClassifyError.oneLine("a\nb\rc\td\u{1B}e\u{7F}") == "a\\nb\\rc\\td\\u{1b}e\\u{7f}")
    }
}
