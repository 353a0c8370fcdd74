#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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

/// Replaces files in a folder so that a reader only ever sees an old file or a new one, never a torn
/// one: each new file is written to a temporary file in the same folder, flushed to disk, and renamed
/// over the old one only once every file is ready. A file whose bytes have not changed is not touched
/// (its modification time stays). A lock file keeps two publishers from interleaving.
public struct AtomicPublisher: Sendable {
    public let directory: String
    /// Name of the lock file inside the folder.
    public static let lockName = ".importfeed.lock"
    private static let temporaryMarker = ".tmp-"

    public init(directory: String) {
        self.directory = directory
    }

    /// Runs `body` holding the folder's lock, waiting up to `timeout` seconds for another holder.
    /// - Throws: ``PublishError`` when the folder or its lock cannot be had; whatever `body` throws.
    public func withLock<Result>(timeout: Double = 300, _ body: () throws -> Result) throws -> Result {
        try makeDirectory()
        let lockPath = path(Self.lockName)
        let descriptor = open(lockPath, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw failure(lockPath, "open the lock file") }
        defer { close(descriptor) }
        var waited = 0.0
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else { throw failure(lockPath, "lock") }
            guard waited < timeout else {
                throw PublishError(path: lockPath, operation: "lock",
                                   reason: "another build has held the lock for \(Int(timeout)) seconds")
            }
            usleep(50_000)
            waited += 0.05
        }
        defer { flock(descriptor, LOCK_UN) }
        removeStaleTemporaryFiles()
        return try body()
    }

    /// Publishes `files` (call it holding the lock). Returns the names written and those unchanged.
    /// Nothing is replaced unless every changed file was written and flushed first.
    /// - Throws: ``PublishError``; the old files then stay as they were.
    @discardableResult
    public func publish(_ files: [FeedFile]) throws(PublishError) -> (written: [String], unchanged: [String]) {
        try makeDirectory()
        var staged: [(temporary: String, final: String, name: String)] = []
        var unchanged: [String] = []
        do throws(PublishError) {
            for file in files {
                let finalPath = path(file.name)
                if let existing = Self.read(finalPath), existing == file.bytes {
                    unchanged.append(file.name)
                    continue
                }
                staged.append((try writeTemporary(file), finalPath, file.name))
            }
            for entry in staged where rename(entry.temporary, entry.final) != 0 {
                throw failure(entry.final, "replace the file")
            }
        } catch {
            for entry in staged { unlink(entry.temporary) }
            throw error
        }
        syncDirectory()
        return (staged.map(\.name), unchanged)
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

    private func writeTemporary(_ file: FeedFile) throws(PublishError) -> String {
        var template = Array(path("." + file.name + Self.temporaryMarker + "XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        let temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        guard descriptor >= 0 else { throw failure(temporary, "create a temporary file") }
        var closed = false
        defer { if !closed { close(descriptor) } }
        var offset = 0
        while offset < file.bytes.count {
            let written = file.bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                let error = failure(temporary, "write")
                unlink(temporary)
                throw error
            }
            offset += written
        }
        guard fchmod(descriptor, 0o644) == 0, fsync(descriptor) == 0 else {
            let error = failure(temporary, "flush to disk")
            unlink(temporary)
            throw error
        }
        closed = true
        guard close(descriptor) == 0 else {
            let error = failure(temporary, "close")
            unlink(temporary)
            throw error
        }
        return temporary
    }

    /// Temporary files a killed build left behind; safe to remove while holding the lock.
    private func removeStaleTemporaryFiles() {
        guard let folder = opendir(directory) else { return }
        defer { closedir(folder) }
        while let entry = readdir(folder) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name.hasPrefix("."), name.contains(Self.temporaryMarker) { unlink(path(name)) }
        }
    }

    private func syncDirectory() {
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }

    private func makeDirectory() throws(PublishError) {
        var parts: [String] = []
        for component in directory.split(separator: "/", omittingEmptySubsequences: false) {
            parts.append(String(component))
            let prefix = parts.joined(separator: "/")
            guard !prefix.isEmpty else { continue }
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST { throw failure(prefix, "create the folder") }
        }
    }

    private func path(_ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    private func failure(_ path: String, _ operation: String) -> PublishError {
        PublishError(path: path, operation: operation, reason: String(cString: strerror(errno)))
    }
}
