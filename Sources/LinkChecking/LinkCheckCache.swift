import Foundation

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

        enum CodingKeys: String, CodingKey {
            case verdict, status, reason, redirects
            case finalURL = "final_url"
            case checkedAt = "checked_at"
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
        guard let data = FileManager.default.contents(atPath: path) else { return }
        do {
            let file = try JSONDecoder().decode(File.self, from: data)
            guard file.format == Self.format, file.version == Self.version else {
                warning = "\(path): not an importfeed link cache (format \"\(file.format)\" version \(file.version)); ignored"
                return
            }
            entries = file.entries
        } catch {
            warning = "\(path): the link cache is unreadable (\(Self.reason(error))); ignored, it will be rewritten"
        }
    }

    /// The result to reuse for `address`, when a fresh enough alive or moved one is kept.
    public func result(for address: LinkAddress, now: Date = Date()) -> LinkCheckResult? {
        guard let entry = entries[address.url], let verdict = LinkCheckResult.Verdict(rawValue: entry.verdict),
              verdict == .alive || verdict == .moved, now.timeIntervalSince1970 - entry.checkedAt <= maxAge,
              entry.checkedAt <= now.timeIntervalSince1970 + 60 else { return nil }
        return LinkCheckResult(verdict: verdict, status: entry.status, finalURL: entry.finalURL,
                               reason: entry.reason + " (cached)", requests: 0, redirects: entry.redirects)
    }

    /// Records results just checked (pass only fresh ones: cached ones keep their time).
    public mutating func record(_ results: [LinkAddress: LinkCheckResult], now: Date = Date()) {
        for (address, result) in results {
            entries[address.url] = Entry(verdict: result.verdict.rawValue, status: result.status,
                                         finalURL: result.finalURL, reason: result.reason,
                                         redirects: result.redirects, checkedAt: now.timeIntervalSince1970)
        }
    }

    /// Writes the cache: a temporary file in the same folder renamed over the old one.
    /// - Throws: when the folder cannot be written.
    public func save() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let data = try encoder.encode(File(format: Self.format, version: Self.version, entries: entries))
        try data.write(to: URL(fileURLWithPath: path), options: .atomic)
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
