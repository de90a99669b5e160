// SPDX-License-Identifier: Apache-2.0
// The exit statuses of `classify`, and the error type that ends a command with status 2.

/// Exit statuses (docs/cli.md, "Exit status").
enum ExitStatus {
    /// Nothing at or above `--fail-on`; every pack valid; every example holds.
    static let clean: Int32 = 0
    /// Findings at or above `--fail-on` (`scan`), or failing examples (`pack test`).
    static let findings: Int32 = 1
    /// An error: bad usage, a pack that does not load, a file that could not be read, an
    /// incomplete scan without `--allow-incomplete`, output that could not be written.
    /// Errors win over findings.
    static let error: Int32 = 2
}

/// An error that stops a command: printed as `classify: error: <message>`, exit status 2.
struct CLIError: Error, CustomStringConvertible {
    var message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}
