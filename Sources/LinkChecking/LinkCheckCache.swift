import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Results kept between runs in a JSON file. An alive or moved result is trusted for `maxAge`
/// seconds; dead and unverified ones are always checked again. A file that is not a cache of this
/// tool — corrupt, foreign, of another version — is reported and ignored, never fatal.
public struct LinkCheckCache: Sendable {
    public let path: String
    public let maxAge: Double
    private var entries: [String: Entry] = [:]
    /// Why the file on disk was ignored, when it was.
    public private(set) var warning: String?

    struct Entry: Codable, Sendable {
        var verdict: String
        var status: Int
        var finalURL: String?
        var reason: String
        var redirects: [String]
        /// Seconds since 1970 when the address was checked.
        var checkedAt: Double
        /// The arXiv API's title for the paper, so that a cached paper is still compared with its citation.
        var paperTitle: String?

        enum CodingKeys: String, CodingKey {
            case verdict, status, reason, redirects
            case finalURL = "final_url"
            case checkedAt = "checked_at"
            case paperTitle = "paper_title"
        }
    }

    private struct File: Codable {
        var format: String
        var version: Int
        var entries: [String: Entry]
    }

    private static let format = "importfeed-link-cache"
    private static let version = 1

    /// Loads the cache at `path` (an absent file is an empty cache).
    public init(path: String, maxAge: Double) {
        self.path = path
        self.maxAge = maxAge
        switch Self.load(path) {
        case .success(let loaded): entries = loaded
        case .failure(let problem): warning = problem.message
        }
    }

    private struct LoadProblem: Error {
        var message: String
    }

    /// The entries of the cache file at `path`: none when it does not exist.
    private static func load(_ path: String) -> Result<[String: Entry], LoadProblem> {
        guard FileManager.default.fileExists(atPath: path) else { return .success([:]) }
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(LoadProblem(message: "\(path): the link cache cannot be read (\(String(cString: strerror(errno)))); ignored"))
        }
        do {
            let file = try JSONDecoder().decode(File.self, from: data)
            guard file.format == Self.format, file.version == Self.version else {
                return .failure(LoadProblem(message:
                    "\(path): not an importfeed link cache (format \"\(file.format)\" version \(file.version)); ignored"))
            }
            return .success(file.entries)
        } catch {
            return .failure(LoadProblem(message: "\(path): the link cache is unreadable (\(Self.reason(error))); ignored, it will be rewritten"))
        }
    }

    /// The result to reuse for `address`, when a fresh enough alive or moved one is kept.
    public func result(for address: LinkAddress, now: Date = Date()) -> LinkCheckResult? {
        guard let entry = entries[address.url], let verdict = LinkCheckResult.Verdict(rawValue: entry.verdict),
              verdict == .alive || verdict == .moved, now.timeIntervalSince1970 - entry.checkedAt <= maxAge,
              entry.checkedAt <= now.timeIntervalSince1970 + 60 else { return nil }
        var result = LinkCheckResult(verdict: verdict, status: entry.status, finalURL: entry.finalURL,
                                     reason: entry.reason + " (cached)", requests: 0, redirects: entry.redirects)
        result.paperTitle = entry.paperTitle
        return result
    }

    /// Records results just checked (pass only fresh ones: cached ones keep their time).
    public mutating func record<Results: Sequence>(_ results: Results, now: Date = Date())
        where Results.Element == (key: LinkAddress, value: LinkCheckResult) {
        record(results.lazy.map { ($0.key, $0.value) }, now: now)
    }

    /// Records `results`, each address with its result, as checked `now`.
    public mutating func record<Results: Sequence>(_ results: Results, now: Date = Date())
        where Results.Element == (LinkAddress, LinkCheckResult) {
        for (address, result) in results {
            entries[address.url] = Entry(verdict: result.verdict.rawValue, status: result.status,
                                         finalURL: result.finalURL, reason: result.reason,
                                         redirects: result.redirects, checkedAt: now.timeIntervalSince1970,
                                         paperTitle: result.paperTitle)
        }
    }

    /// A cache that cannot be written where it is named.
    public struct SaveError: Error, CustomStringConvertible {
        public var path: String
        public var problem: String
        public var description: String { "\(path): \(problem)" }
    }

    /// Writes the cache so that checks sharing it lose nothing: holding a lock beside it
    /// (`PATH.lock`), it reads what other runs saved meanwhile, keeps the newer result of each
    /// address, and replaces the file in one step (a flushed temporary file renamed over it). A
    /// symbolic link stays a link (its target is replaced); a path that is not a regular file (a
    /// folder, a device) is never replaced.
    /// - Throws: ``SaveError`` naming what failed; the old file then stays as it was.
    public func save() throws {
        let target = Self.resolvingLinks(path)
        var status = stat()
        if lstat(target, &status) == 0, (status.st_mode & S_IFMT) != S_IFREG {
            throw SaveError(path: path, problem: "not a regular file; the link cache is not written there")
        }
        let lockPath = target + ".lock"
        let lock = open(lockPath, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard lock >= 0 else { throw SaveError(path: lockPath, problem: "cannot lock: \(String(cString: strerror(errno)))") }
        defer { close(lock) }
        while flock(lock, LOCK_EX) != 0 {
            guard errno == EINTR else { throw SaveError(path: lockPath, problem: "cannot lock: \(String(cString: strerror(errno)))") }
        }
        defer { flock(lock, LOCK_UN) }

        var merged = (try? Self.load(target).get()) ?? [:]
        for (address, entry) in entries where (merged[address]?.checkedAt ?? -.infinity) <= entry.checkedAt {
            merged[address] = entry
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let data = [UInt8](try encoder.encode(File(format: Self.format, version: Self.version, entries: merged)))
        let temporary = target + ".tmp-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw SaveError(path: temporary, problem: "cannot write: \(String(cString: strerror(errno)))") }
        var written = 0
        while written < data.count {
            let count = data.withUnsafeBytes { write(descriptor, $0.baseAddress! + written, data.count - written) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                close(descriptor)
                unlink(temporary)
                throw SaveError(path: temporary, problem: "cannot write: \(String(cString: strerror(errno)))")
            }
            written += count
        }
        let flushed = fsync(descriptor) == 0
        close(descriptor)
        guard flushed, rename(temporary, target) == 0 else {
            unlink(temporary)
            throw SaveError(path: path, problem: "cannot replace the file: \(String(cString: strerror(errno)))")
        }
    }

    /// The file a chain of symbolic links ends at (the path itself when it is none).
    private static func resolvingLinks(_ path: String) -> String {
        var current = path
        for _ in 0..<32 {
            var status = stat()
            guard lstat(current, &status) == 0, (status.st_mode & S_IFMT) == S_IFLNK else { return current }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let length = readlink(current, &buffer, buffer.count - 1)
            guard length > 0 else { return current }
            let target = String(cString: buffer)
            current = target.hasPrefix("/") ? target : (current as NSString).deletingLastPathComponent + "/" + target
        }
        return current
    }

    private static func reason(_ error: any Error) -> String {
        switch error {
        case DecodingError.dataCorrupted: "not valid JSON"
        case DecodingError.keyNotFound(let key, _): "no \"\(key.stringValue)\""
        case DecodingError.typeMismatch: "unexpected value types"
        default: "\(error)"
        }
    }
}
