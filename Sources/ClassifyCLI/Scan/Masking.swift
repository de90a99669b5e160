// SPDX-License-Identifier: Apache-2.0
// What of a matched value a report may show. Without --show-values, a masked preview:
//
// - credentials (category `credential`): the first 4 characters, then the mask;
// - values longer than 12 characters: the first 4 and the last 4 (`4111********1111`);
// - shorter values: the last 2 at most (never more than a third of the value).
//
// So at most 8 characters of any value are shown in clear, and at most 4 of a secret. The
// mask is one `*` per hidden character, at most 16. Control characters show as `·`.

import RulePacks

enum Masking {
    static let maskCharacter: Character = "*"
    static let maxMaskLength = 16

    static func preview(_ value: UnsafeBufferPointer<UInt8>, category: Category, showValues: Bool) -> String {
        let text = String(decoding: value, as: UTF8.self)
        if showValues { return text }
        return mask(text, category: category)
    }

    static func mask(_ text: String, category: Category) -> String {
        let chars = Array(text)
        let n = chars.count
        var head = 0
        var tail = 0
        if category == .credential {
            head = min(4, n / 2)
        } else if n > 12 {
            head = 4
            tail = 4
        } else {
            tail = min(2, n / 3)
        }
        let hidden = n - head - tail
        let clearHead = Text.printable(String(chars[0..<head]))
        let clearTail = Text.printable(String(chars[(n - tail)..<n]))
        return clearHead + String(repeating: maskCharacter, count: min(max(hidden, 1), maxMaskLength)) + clearTail
    }
}
