// SPDX-License-Identifier: Apache-2.0
// Colour for human output: only on a terminal, never when NO_COLOR is set (unless asked).

import ArgumentParser

/// `--color auto|always|never`.
enum ColorMode: String, CaseIterable, ExpressibleByArgument, Sendable {
    case auto, always, never

    /// Whether to colour output written to `fd`. `auto`: `fd` is a terminal, `NO_COLOR` is
    /// unset or empty (no-color.org) and `TERM` is not `dumb`.
    func enabled(forDescriptor fd: Int32) -> Bool {
        switch self {
        case .always: return true
        case .never: return false
        case .auto:
            if let nc = System.environment("NO_COLOR"), !nc.isEmpty { return false }
            if System.environment("TERM") == "dumb" { return false }
            return System.isTerminal(fd)
        }
    }
}

/// ANSI styles, or nothing when colour is off.
struct Style: Sendable {
    let enabled: Bool

    private func wrap(_ s: String, _ code: String) -> String { enabled ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }

    func bold(_ s: String) -> String { wrap(s, "1") }
    func dim(_ s: String) -> String { wrap(s, "2") }
    func red(_ s: String) -> String { wrap(s, "31") }
    func boldRed(_ s: String) -> String { wrap(s, "1;31") }
    func yellow(_ s: String) -> String { wrap(s, "33") }
    func green(_ s: String) -> String { wrap(s, "32") }
    func cyan(_ s: String) -> String { wrap(s, "36") }
    func magenta(_ s: String) -> String { wrap(s, "35") }

    /// A level name coloured by its rank among `count` levels: the highest red, the next
    /// yellow, the one below cyan, the rest green.
    func level(_ name: String, rank: Int, of count: Int) -> String {
        switch count - 1 - rank {
        case 0: return boldRed(name)
        case 1: return yellow(name)
        case 2: return cyan(name)
        default: return green(name)
        }
    }
}
