// SPDX-License-Identifier: Apache-2.0
// Standard output for the `pack` commands: written whole, a closed pipe ends the process
// quietly, any other write error is reported (exit 2).

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

enum Console {
    static func out(_ text: String) {
        var t = text
        let err = t.withUTF8 { System.writeAll(1, UnsafeRawBufferPointer($0)) }
        if err == 0 { return }
        if err == EPIPE { _exit(ExitStatus.clean) }
        System.writeStderr("classify: error: cannot write to standard output: \(System.describe(errno: err))\n")
        _exit(ExitStatus.error)
    }
}
