// SPDX-License-Identifier: Apache-2.0
// Turns the PATH arguments into the list of files to scan, and records what it skips and
// why. Directories are walked recursively; symbolic links met in a walk are not followed
// unless --follow; a directory is never entered twice (device and inode), so link loops
// end; FIFOs, sockets and devices met in a walk are skipped. A path given on the command
// line is always read if it can be (a FIFO from `<(...)` included, as a stream), excludes
// do not apply to it, and when a limit keeps it from being scanned the run is incomplete.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// One input to read.
struct ScanTarget: Sendable {
    enum Kind: Sendable {
        /// A regular file found by stat: opened non-blocking, must still be regular.
        case regular
        /// Standard input.
        case standardInput
        /// A FIFO or character device named on the command line: read until end of file.
        case stream
    }

    var path: PathName
    var kind: Kind
    /// Given on the command line (not found in a walk).
    var named = false
}

/// A path not scanned, and why (`skipped` in reports).
struct SkippedEntry: Sendable {
    var path: PathName
    var reason: String
    /// A path named on the command line that a limit (--max-file-size) kept from being
    /// scanned: the run's coverage is incomplete (exit 2 unless --allow-incomplete).
    var incomplete = false
}

/// A path that could not be read (`errors` in reports; exit status 2).
struct ErrorEntry: Sendable {
    var path: PathName
    var message: String
}

/// A file's identity: device and inode.
struct FileID: Hashable, Sendable {
    var device: UInt64
    var inode: UInt64
}

struct WalkOptions: Sendable {
    var excludes: ExcludeGlobs
    var followSymlinks: Bool
    var includeVCS: Bool
    /// The report `--output` replaces: listed as skipped, never scanned.
    var previousReport: FileID?
    /// The temporary file the report is being written to: left out silently.
    var pendingReport: FileID?
}

struct WalkResult {
    var targets: [ScanTarget] = []
    var skipped: [SkippedEntry] = []
    var errors: [ErrorEntry] = []
    var excludedCount = 0
}

struct FileWalker {
    static let versionControlDirectories: Set<[UInt8]> = [Array(".git".utf8), Array(".hg".utf8), Array(".svn".utf8)]
    static let standardInputName = "-"

    let options: WalkOptions
    private var result = WalkResult()
    private var seenTargets: Set<[UInt8]> = []
    private var visitedDirectories: Set<FileID> = []

    init(options: WalkOptions) { self.options = options }

    /// Walks every argument in order, then sorts targets, skipped entries and errors by path.
    static func walk(_ arguments: [String], options: WalkOptions) -> WalkResult {
        var w = FileWalker(options: options)
        for a in arguments { w.visitArgument(a) }
        w.result.targets.sort { $0.path < $1.path }
        w.result.skipped.sort { $0.path < $1.path }
        w.result.errors.sort { $0.path < $1.path }
        return w.result
    }

    private mutating func addTarget(_ path: PathName, _ kind: ScanTarget.Kind, _ st: stat, named: Bool) {
        let id = FileID(device: UInt64(st.st_dev), inode: UInt64(st.st_ino))
        if id == options.pendingReport { return }
        if id == options.previousReport {
            result.skipped.append(SkippedEntry(path: path, reason: "the report --output replaces"))
            return
        }
        guard seenTargets.insert(path.bytes).inserted else { return }
        result.targets.append(ScanTarget(path: path, kind: kind, named: named))
    }

    private mutating func visitArgument(_ argument: String) {
        if argument == FileWalker.standardInputName {
            guard seenTargets.insert(Array(argument.utf8)).inserted else { return }
            result.targets.append(ScanTarget(path: PathName(argument), kind: .standardInput, named: true))
            return
        }
        let path = PathName(argument)
        guard !argument.isEmpty else {
            result.errors.append(ErrorEntry(path: path, message: "empty path"))
            return
        }
        var st = stat()
        let ok = path.withCString { stat($0, &st) } == 0
        guard ok else {
            let e = errno
            var lst = stat()
            if path.withCString({ lstat($0, &lst) }) == 0, (lst.st_mode & S_IFMT) == S_IFLNK {
                let what = e == ELOOP ? "symbolic link loop" : "broken symbolic link"
                result.errors.append(ErrorEntry(path: path, message: "\(what): \(System.describe(errno: e))"))
            } else {
                result.errors.append(ErrorEntry(path: path, message: System.describe(errno: e)))
            }
            return
        }
        switch st.st_mode & S_IFMT {
        case S_IFDIR:
            visitedDirectories.insert(FileID(device: UInt64(st.st_dev), inode: UInt64(st.st_ino)))
            walkDirectory(path, relative: [])
        case S_IFREG: addTarget(path, .regular, st, named: true)
        case S_IFIFO, S_IFCHR: addTarget(path, .stream, st, named: true)
        case S_IFSOCK: result.skipped.append(SkippedEntry(path: path, reason: "socket"))
        case S_IFBLK: result.skipped.append(SkippedEntry(path: path, reason: "block device"))
        default: result.skipped.append(SkippedEntry(path: path, reason: "not a regular file"))
        }
    }

    private mutating func walkDirectory(_ directory: PathName, relative: [UInt8]) {
        guard let dir = directory.withCString({ opendir($0) }) else {
            result.errors.append(
                ErrorEntry(path: directory, message: "cannot read directory: \(System.describe(errno: errno))"))
            return
        }
        var names: [[UInt8]] = []
        while true {
            errno = 0
            guard let entry = readdir(dir) else {
                if errno != 0 {
                    result.errors.append(
                        ErrorEntry(path: directory, message: "cannot read directory: \(System.describe(errno: errno))"))
                }
                break
            }
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                Array(raw.prefix { $0 != 0 })
            }
            if name == [0x2E] || name == [0x2E, 0x2E] { continue }
            names.append(name)
        }
        closedir(dir)
        names.sort { $0.lexicographicallyPrecedes($1) }
        for name in names {
            // Interrupted: the scan is stopping, and what is left of the walk would only
            // be counted as not scanned.
            if Interrupts.stopSignal != nil { return }
            let child = directory.appending(name)
            let childRelative = relative.isEmpty ? name : relative + [UInt8(ascii: "/")] + name
            visitEntry(child, name: name, relative: childRelative)
        }
    }

    private mutating func visitEntry(_ path: PathName, name: [UInt8], relative: [UInt8]) {
        if options.excludes.excludes(name: name, relative: relative, shown: path.bytes) {
            result.excludedCount += 1
            return
        }
        var st = stat()
        guard path.withCString({ lstat($0, &st) }) == 0 else {
            // Removed since the directory was listed: nothing to scan, nothing to report.
            if errno == ENOENT { return }
            result.errors.append(ErrorEntry(path: path, message: System.describe(errno: errno)))
            return
        }
        var type = st.st_mode & S_IFMT
        if type == S_IFLNK {
            guard options.followSymlinks else {
                result.skipped.append(SkippedEntry(path: path, reason: "symbolic link, not followed (use --follow)"))
                return
            }
            guard path.withCString({ stat($0, &st) }) == 0 else {
                let what = errno == ELOOP ? "symbolic link loop" : "broken symbolic link"
                result.skipped.append(SkippedEntry(path: path, reason: what))
                return
            }
            type = st.st_mode & S_IFMT
        }
        switch type {
        case S_IFDIR:
            if !options.includeVCS, FileWalker.versionControlDirectories.contains(name) {
                result.skipped.append(
                    SkippedEntry(path: path, reason: "version-control directory (use --include-vcs to scan it)"))
                return
            }
            let id = FileID(device: UInt64(st.st_dev), inode: UInt64(st.st_ino))
            guard visitedDirectories.insert(id).inserted else {
                result.skipped.append(
                    SkippedEntry(path: path, reason: "directory already scanned (symbolic link loop)"))
                return
            }
            walkDirectory(path, relative: relative)
        case S_IFREG: addTarget(path, .regular, st, named: false)
        case S_IFIFO: result.skipped.append(SkippedEntry(path: path, reason: "FIFO (named pipe)"))
        case S_IFSOCK: result.skipped.append(SkippedEntry(path: path, reason: "socket"))
        case S_IFCHR: result.skipped.append(SkippedEntry(path: path, reason: "character device"))
        case S_IFBLK: result.skipped.append(SkippedEntry(path: path, reason: "block device"))
        default: result.skipped.append(SkippedEntry(path: path, reason: "not a regular file"))
        }
    }
}
