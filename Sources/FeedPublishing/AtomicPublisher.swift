#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
internal import CSystem
import Synchronization

/// A file to publish: its name in the output folder and its bytes.
public struct FeedFile: Sendable, Hashable {
    public var name: String
    public var bytes: [UInt8]

    public init(name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
    }
}

/// A publishing step that failed, with the operating system's reason.
public struct PublishError: Error, Sendable, Hashable, CustomStringConvertible {
    public var path: String
    public var operation: String
    public var reason: String

    public var description: String { "\(path): cannot \(operation): \(reason)" }
}

/// Replaces the files of a folder as one set: a reader (or a web server) sees every old file or every
/// new one, never a mix, whenever the process is stopped.
///
/// The new folder is built beside the old one (`.NAME.importfeed-new-XXXXXX`): files whose bytes did
/// not change, and anything else the folder held, are hard-linked in (so an unchanged file keeps its
/// modification time), changed files are written and flushed to disk, and then the two folders are
/// exchanged in one step (Linux `renameat2` with `RENAME_EXCHANGE`). Where the file system cannot
/// exchange, the old folder is renamed aside and the new one into its place: for that instant the
/// folder is missing, but still never mixed. The old folder is removed afterwards; a killed build's
/// leftovers (only names of that exact pattern) are removed by the next one.
///
/// The lock that keeps two publishers from interleaving lives outside the folder (`lockFile`), as
/// does all build state: the folder holds what is published and nothing else.
public struct AtomicPublisher: Sendable {
    public let directory: String
    public let lockFile: String

    public init(directory: String, lockFile: String) {
        self.directory = directory
        self.lockFile = lockFile
    }

    /// Runs `body` holding the lock, waiting up to `timeout` seconds for another holder.
    /// - Throws: ``PublishError`` when the lock cannot be had; whatever `body` throws.
    public func withLock<Result>(timeout: Double = 300, _ body: () throws -> Result) throws -> Result {
        try Self.makeDirectory(Self.parent(of: lockFile))
        let descriptor = open(lockFile, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw Self.failure(lockFile, "open the lock file") }
        defer { close(descriptor) }
        var waited = 0.0
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else { throw Self.failure(lockFile, "lock") }
            guard waited < timeout else {
                throw PublishError(path: lockFile, operation: "lock",
                                   reason: "another build has held the lock for \(Int(timeout)) seconds")
            }
            usleep(50_000)
            waited += 0.05
        }
        defer { flock(descriptor, LOCK_UN) }
        return try body()
    }

    /// Publishes `files` as one set (call it holding the lock). Returns the names written and those
    /// whose bytes were already there; when nothing changed, the folder is not touched.
    /// - Throws: ``PublishError``; the old folder then stays as it was.
    /// Anything else the folder holds is carried over, except what `dropping` claims (given the path
    /// relative to the folder): documents of the publisher's own that the new set no longer has.
    @discardableResult
    public func publish(_ files: [FeedFile], dropping: (String) -> Bool = { _ in false })
        throws(PublishError) -> (written: [String], unchanged: [String]) {
        let staging = try beginStaging()
        do throws(PublishError) {
            for file in files { try staging.stage(file) }
            return try staging.commit(dropping: dropping)
        } catch {
            staging.abandon()
            throw error
        }
    }

    /// Starts a new set (call it holding the lock): ``Staging/stage(_:)`` its files as each is
    /// ready, from any thread, then ``Staging/commit(dropping:)`` publishes them as one set, or
    /// ``Staging/abandon()`` leaves the folder as it was. Leftovers of a killed build are removed.
    public func beginStaging() throws(PublishError) -> Staging {
        let target = Self.resolved(directory)
        let parent = Self.parent(of: target)
        let name = Self.lastComponent(of: target)
        try Self.makeDirectory(parent)
        removeLeftovers(in: parent, of: name)
        return Staging(target: target, parent: parent, name: name)
    }

    /// A new set of files being written beside the folder, while the old set stays published.
    ///
    /// A file whose bytes differ from the published one is written into the staging folder at once
    /// (and the system asked to start writing it to disk), so that writing overlaps whatever makes
    /// the next file; nothing is visible in the folder before ``commit(dropping:)``.
    public final class Staging: @unchecked Sendable {
        private let target: String
        private let parent: String
        private let name: String
        private let state = Mutex(State())

        private struct State {
            var folder: String?
            var written: [String] = []
            var unchanged: [String] = []
        }

        fileprivate init(target: String, parent: String, name: String) {
            self.target = target
            self.parent = parent
            self.name = name
        }

        /// Adds `file` to the new set: written into the staging folder unless the published folder
        /// already holds these bytes under its name. Safe to call from several threads at once.
        public func stage(_ file: FeedFile) throws(PublishError) {
            if let existing = AtomicPublisher.read(AtomicPublisher.join(target, file.name)), existing == file.bytes {
                state.withLock { $0.unchanged.append(file.name) }
                return
            }
            let folder = try stagingFolder()
            try AtomicPublisher.writeFile(AtomicPublisher.join(folder, file.name), file.bytes, flush: false)
            state.withLock { $0.written.append(file.name) }
        }

        /// The staging folder, made by the first file that needs it.
        private func stagingFolder() throws(PublishError) -> String {
            let made: Result<String, PublishError> = state.withLock { state in
                if let folder = state.folder { return .success(folder) }
                do throws(PublishError) {
                    let folder = try AtomicPublisher.makeTemporaryDirectory(
                        AtomicPublisher.join(parent, "." + name + AtomicPublisher.stagingMarker + "XXXXXX"))
                    state.folder = folder
                    return .success(folder)
                } catch {
                    return .failure(error)
                }
            }
            return try made.get()
        }

        /// Publishes the staged set in one step: every file of the old folder that was not staged anew
        /// is carried over (hard-linked), except what `dropping` claims; the new files are flushed to
        /// disk; then the folders are exchanged. Returns the names written and those already there,
        /// each sorted. When nothing changed, the folder is not touched.
        /// - Throws: ``PublishError``; the staged files are removed and the old folder stays.
        public func commit(dropping: (String) -> Bool = { _ in false })
            throws(PublishError) -> (written: [String], unchanged: [String]) {
            let (folder, written, unchanged) = state.withLock { state in
                (state.folder, state.written.sorted(), state.unchanged.sorted())
            }
            let targetExists = AtomicPublisher.isDirectory(target)
            let names = Set(written + unchanged)
            let stale = targetExists
                ? ((try? AtomicPublisher.paths(below: target)) ?? []).filter { !names.contains($0) && dropping($0) } : []
            guard !written.isEmpty || !stale.isEmpty else {
                if let folder { AtomicPublisher.removeTree(folder) }
                return ([], unchanged)
            }
            let staging: String
            if let folder { staging = folder } else { staging = try stagingFolder() }
            do throws(PublishError) {
                if targetExists {
                    try AtomicPublisher.linkTree(from: target, to: staging, skipping: Set(written).union(stale))
                }
                // Every new file on disk before the exchange: one flush of the file system (each file
                // flushed on its own where that is not possible).
                if !AtomicPublisher.syncFileSystem(of: staging) {
                    for file in written { try AtomicPublisher.flushFile(AtomicPublisher.join(staging, file)) }
                }
                AtomicPublisher.syncDirectory(staging)
                Failpoint.reach("before-exchange")
                if targetExists {
                    try AtomicPublisher.exchange(staging, target, parent: parent, name: name)
                } else if rename(staging, target) != 0 {
                    throw AtomicPublisher.failure(target, "move the new folder into place")
                }
                AtomicPublisher.syncDirectory(parent)
            } catch {
                AtomicPublisher.removeTree(staging)
                throw error
            }
            Failpoint.reach("after-exchange")
            // `staging` now holds the old files.
            AtomicPublisher.removeTree(staging)
            return (written, unchanged)
        }

        /// Removes whatever was staged; the published folder stays as it was.
        public func abandon() {
            let folder = state.withLock { $0.folder }
            if let folder { AtomicPublisher.removeTree(folder) }
        }
    }

    /// The bytes of `path`, or nil when it cannot be read.
    static func read(_ path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return count == 0 ? bytes : nil }
            bytes.append(contentsOf: chunk[..<count])
        }
    }

    /// Replaces one file atomically (a temporary file beside it, renamed over it): for the build
    /// state, which lives outside the published folder. Readers see the old bytes or the new, never
    /// a mix. With `durable` the file and its folder are flushed to disk first; without, a crash may
    /// leave the old file (or none), which is right for a cache such as the build manifest (the next
    /// build then rebuilds) and saves two waits for the disk.
    /// - Throws: ``PublishError`` naming the step that failed; the old file then stays.
    static func replaceFile(_ path: String, with bytes: [UInt8], durable: Bool = true) throws(PublishError) {
        let folder = parent(of: path)
        try makeDirectory(folder)
        let temporary = try makeTemporaryDirectory(path + ".importfeed-tmp-XXXXXX")
        defer { removeTree(temporary) }
        let staged = join(temporary, "file")
        try writeFile(staged, bytes, flush: durable)
        guard rename(staged, path) == 0 else { throw failure(path, "replace the file") }
        if durable { syncDirectory(folder) }
    }

    // MARK: - The exchange

    static let stagingMarker = ".importfeed-new-"
    static let asideMarker = ".importfeed-old-"

    fileprivate static func exchange(_ staging: String, _ target: String, parent: String, name: String) throws(PublishError) {
        if importfeed_exchange_paths(staging, target) == 0 { return }
        guard errno == EINVAL || errno == ENOSYS || errno == ENOTSUP else {
            throw Self.failure(target, "exchange the new folder with the old one")
        }
        // No atomic exchange here: move the old folder aside, then the new one in. The staging path
        // is free again afterwards only if we move the old folder there; keep it simple and name it.
        let aside = try Self.makeTemporaryDirectory(Self.join(parent, "." + name + Self.asideMarker + "XXXXXX"))
        rmdir(aside)
        guard rename(target, aside) == 0 else { throw Self.failure(target, "move the old folder aside") }
        guard rename(staging, target) == 0 else {
            let error = Self.failure(target, "move the new folder into place")
            rename(aside, target)
            throw error
        }
        // Hand the old folder back under the staging name, which the caller removes.
        rename(aside, staging)
    }

    /// Folders a killed build left beside the output folder: exactly `.NAME.importfeed-new-XXXXXX`
    /// or `.NAME.importfeed-old-XXXXXX`, nothing else.
    private func removeLeftovers(in parent: String, of name: String) {
        guard let folder = opendir(parent) else { return }
        var leftovers: [String] = []
        while let entry = readdir(folder) {
            let entryName = withUnsafeBytes(of: entry.pointee.d_name) {
                String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
            }
            for marker in [Self.stagingMarker, Self.asideMarker] {
                let prefix = "." + name + marker
                guard entryName.hasPrefix(prefix) else { continue }
                let suffix = entryName.dropFirst(prefix.count)
                if suffix.count == 6, suffix.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) {
                    leftovers.append(entryName)
                }
            }
        }
        closedir(folder)
        for leftover in leftovers { Self.removeTree(Self.join(parent, leftover)) }
    }

    // MARK: - Files and folders

    /// Hard-links everything in `source` into `destination` (copying where a link cannot be made),
    /// except the paths (relative to `source`) in `skipped` and the state files of earlier importfeed
    /// versions.
    fileprivate static func linkTree(from source: String, to destination: String, skipping skipped: Set<String>,
                                 prefix: String = "") throws(PublishError) {
        for entry in try entries(of: join(source, prefix)) {
            let relative = prefix.isEmpty ? entry : prefix + "/" + entry
            guard !skipped.contains(relative), !(prefix.isEmpty && legacyStateNames.contains(entry)) else { continue }
            var status = stat()
            if lstat(join(source, relative), &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR {
                // The folder may be there already, holding new files staged into it.
                guard mkdir(join(destination, relative), status.st_mode & 0o7777) == 0
                    || (errno == EEXIST && isDirectory(join(destination, relative))) else {
                    throw failure(join(destination, relative), "create the folder")
                }
                try linkTree(from: source, to: destination, skipping: skipped, prefix: relative)
            } else {
                try linkEntry(join(source, relative), join(destination, relative))
            }
        }
    }

    /// Every file below `folder`, as paths relative to it.
    fileprivate static func paths(below folder: String, prefix: String = "") throws(PublishError) -> [String] {
        var found: [String] = []
        for entry in try entries(of: prefix.isEmpty ? folder : join(folder, prefix)) {
            let relative = prefix.isEmpty ? entry : prefix + "/" + entry
            var status = stat()
            if lstat(join(folder, relative), &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR {
                found += try paths(below: folder, prefix: relative)
            } else {
                found.append(relative)
            }
        }
        return found
    }

    /// What importfeed 0.1 kept inside the output folder: never carried into a new one.
    private static let legacyStateNames: Set<String> = [".importfeed.lock", ".importfeed-build.json"]

    private static func linkEntry(_ source: String, _ destination: String) throws(PublishError) {
        var status = stat()
        guard lstat(source, &status) == 0 else { throw failure(source, "read") }
        switch status.st_mode & S_IFMT {
        case S_IFDIR:
            guard mkdir(destination, status.st_mode & 0o7777) == 0 else { throw failure(destination, "create the folder") }
            for entry in try entries(of: source) { try linkEntry(join(source, entry), join(destination, entry)) }
        case S_IFLNK:
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let length = readlink(source, &buffer, buffer.count - 1)
            guard length >= 0, symlink(buffer, destination) == 0 else { throw failure(destination, "copy the link") }
        case S_IFREG:
            if link(source, destination) == 0 { return }
            guard let bytes = read(source) else { throw failure(source, "read") }
            try writeFile(destination, bytes)
            var times = [status.st_atim, status.st_mtim]
            utimensat(AT_FDCWD, destination, &times, 0)
        default:
            break  // Sockets and devices are not published.
        }
    }

    private static func entries(of folder: String) throws(PublishError) -> [String] {
        guard let directory = opendir(folder) else { throw failure(folder, "read the folder") }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    /// Writes a new file; `flush` makes it durable before returning (otherwise the caller flushes).
    private static func writeFile(_ path: String, _ bytes: [UInt8], flush: Bool = true) throws(PublishError) {
        try makeDirectory(parent(of: path))
        unlink(path)  // a link to the old bytes, when the file sits in a linked subfolder
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw failure(path, "create the file") }
        defer { close(descriptor) }
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure(path, "write")
            }
            offset += count
        }
        guard fchmod(descriptor, 0o644) == 0 else { throw failure(path, "set the file's permissions") }
        if flush {
            guard fsync(descriptor) == 0 else { throw failure(path, "flush to disk") }
        } else {
            // Not waited for here: the system starts writing the file out now, so that the flush
            // before the exchange finds less to do.
            importfeed_start_writeback(descriptor)
        }
    }

    /// Makes a written file durable.
    fileprivate static func flushFile(_ path: String) throws(PublishError) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure(path, "open the file to flush it") }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw failure(path, "flush to disk") }
    }

    /// Flushes the file system that holds `path`; false when that cannot be done.
    fileprivate static func syncFileSystem(of path: String) -> Bool {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        return importfeed_sync_file_system(descriptor) == 0
    }

    /// Removes a folder this publisher made, and everything in it.
    fileprivate static func removeTree(_ path: String) {
        var status = stat()
        guard lstat(path, &status) == 0 else { return }
        if (status.st_mode & S_IFMT) == S_IFDIR {
            for entry in (try? entries(of: path)) ?? [] { removeTree(join(path, entry)) }
            rmdir(path)
        } else {
            unlink(path)
        }
    }

    fileprivate static func makeTemporaryDirectory(_ template: String) throws(PublishError) -> String {
        var buffer = Array(template.utf8CString)
        let made = buffer.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) != nil }
        let path = buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        guard made else { throw failure(path, "create a temporary folder") }
        return path
    }

    fileprivate static func syncDirectory(_ path: String) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }

    static func makeDirectory(_ directory: String) throws(PublishError) {
        // Usually the folder is there already: one look, and the parents only when it is missing.
        if isDirectory(directory) { return }
        var parts: [String] = []
        for component in directory.split(separator: "/", omittingEmptySubsequences: false) {
            parts.append(String(component))
            let prefix = parts.joined(separator: "/")
            guard !prefix.isEmpty else { continue }
            if mkdir(prefix, 0o755) != 0 {
                guard errno == EEXIST else { throw failure(prefix, "create the folder") }
                // Something is there already: it must be a folder (or a link to one).
                guard isDirectory(prefix) else {
                    throw PublishError(path: prefix, operation: "create the folder", reason: "a file of that name is in the way")
                }
            }
        }
    }

    fileprivate static func isDirectory(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
    }

    /// The folder itself when `path` is a symbolic link to one: the exchange must replace the real
    /// folder, not the link.
    private static func resolved(_ path: String) -> String {
        var status = stat()
        guard lstat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFLNK, let real = realpath(path, nil) else {
            return path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
        }
        defer { free(real) }
        return String(cString: real)
    }

    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    private static func lastComponent(of path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    static func join(_ folder: String, _ name: String) -> String {
        folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }

    fileprivate static func failure(_ path: String, _ operation: String) -> PublishError {
        PublishError(path: path, operation: operation, reason: String(cString: strerror(errno)))
    }
}

/// Named points where a test stops the process (`IMPORTFEED_FAILPOINT=NAME`), to prove that a build
/// killed there leaves the published folder whole. Costs one environment look-up per point.
enum Failpoint {
    static func reach(_ name: String) {
        guard let value = getenv("IMPORTFEED_FAILPOINT"), String(cString: value) == name else { return }
        raise(SIGKILL)
    }
}
