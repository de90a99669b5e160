// SPDX-License-Identifier: Apache-2.0
// Entry point. Parses the command line and runs the command; maps every way out to the
// documented exit statuses: help and --version 0, usage errors 2 (not argument-parser's
// 64), CLIError 2 with "classify: error: ...", ExitCode as thrown.

import ArgumentParser

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

// A closed pipe is an EPIPE from write(2), handled where output is written.
signal(SIGPIPE, SIG_IGN)

do {
    var command = try ClassifyCommand.parseAsRoot(nil)
    try command.run()
    exit(ExitStatus.clean)
} catch let code as ExitCode {
    exit(code.rawValue)
} catch let error as CLIError {
    System.writeStderr("classify: error: \(error.message)\n")
    exit(ExitStatus.error)
} catch {
    let code = ClassifyCommand.exitCode(for: error)
    let message = ClassifyCommand.fullMessage(for: error)
    if code == .success {
        if !message.isEmpty {
            var text = message
            if !text.hasSuffix("\n") { text += "\n" }
            var bytes = Array(text.utf8)
            _ = bytes.withUnsafeMutableBytes { System.writeAll(1, UnsafeRawBufferPointer($0)) }
        }
        exit(ExitStatus.clean)
    }
    var text = message.isEmpty ? "classify: error: \(error)" : message
    if !text.hasSuffix("\n") { text += "\n" }
    System.writeStderr(text)
    exit(ExitStatus.error)
}
