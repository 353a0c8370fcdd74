import Foundation

/// A link's address reduced to what identifies the page, so that each page is checked once however
/// many issues cite it: the fragment dropped, scheme and host in lower case, default ports removed,
/// and an arXiv paper's `abs`, `pdf` and versioned forms made one.
public struct LinkAddress: Sendable, Hashable, CustomStringConvertible {
    /// The address requests go to.
    public let url: String
    /// Where `url` writes its host: UTF-8 offsets. An address is kept small (its host and arXiv
    /// identifier are read out of `url` when asked for): a 20,000-link audit holds several tables
    /// of them.
    private let hostStart: UInt16
    private let hostEnd: UInt16
    /// Whether `url` is an arXiv paper's normal address, "https://arxiv.org/abs/<id>".
    private let isArxivPaper: Bool

    /// Its host, in lower case, as the address writes it (an international name in its ASCII
    /// form): what the per-host limits count by.
    public var host: String {
        let utf8 = url.utf8
        return String(decoding: utf8[utf8.index(utf8.startIndex, offsetBy: Int(hostStart))..<utf8.index(utf8.startIndex, offsetBy: Int(hostEnd))],
                      as: UTF8.self)
    }

    /// The arXiv identifier ("2305.01234", "hep-th/9901001") when the address is an arXiv paper.
    public var arxivID: String? {
        isArxivPaper ? String(decoding: url.utf8.dropFirst(Self.arxivPrefix.utf8.count), as: UTF8.self) : nil
    }

    public var description: String { url }

    public static func == (left: LinkAddress, right: LinkAddress) -> Bool { left.url == right.url }
    public func hash(into hasher: inout Hasher) { hasher.combine(url) }

    /// Nil for anything that is not an absolute http(s) address.
    public init?(_ text: String) {
        if let host = Self.alreadyNormal(text) {
            self.init(url: text, host: host, isArxivPaper: false)
        } else {
            self.init(normalizing: text)
        }
    }

    private init?(url: String, host: Range<Int>, isArxivPaper: Bool) {
        guard host.upperBound <= Int(UInt16.max) else { return nil }
        self.url = url
        hostStart = UInt16(host.lowerBound)
        hostEnd = UInt16(host.upperBound)
        self.isArxivPaper = isArxivPaper
    }

    /// The full normalisation, through `URLComponents`.
    init?(normalizing text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard var components = URLComponents(string: trimmed), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty else { return nil }
        components.scheme = scheme
        components.host = host.lowercased()
        components.fragment = nil
        if (scheme == "http" && components.port == 80) || (scheme == "https" && components.port == 443) {
            components.port = nil
        }
        if components.path.isEmpty { components.path = "/" }
        if Self.arxivHosts.contains(components.host ?? host), let id = Self.arxivID(inPath: components.path) {
            self.init(url: Self.arxivPrefix + id, host: 8..<17, isArxivPaper: true)
            return
        }
        guard let normalized = components.string, let hostRange = Self.hostRange(in: normalized) else { return nil }
        self.init(url: normalized, host: hostRange, isArxivPaper: false)
    }

    /// An arXiv paper's normal address without its identifier.
    private static let arxivPrefix = "https://arxiv.org/abs/"

    /// The UTF-8 offsets of the host in an absolute address: after `://` and any `user@`, up to the
    /// port or the path (an IPv6 address with its brackets).
    static func hostRange(in url: String) -> Range<Int>? {
        let bytes = Array(url.utf8)
        guard let separator = bytes.indices.first(where: { bytes[$0...].starts(with: "://".utf8) }) else { return nil }
        var start = separator + 3
        let authorityEnd = bytes[start...].firstIndex(where: { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") }) ?? bytes.count
        if let at = bytes[start..<authorityEnd].lastIndex(of: UInt8(ascii: "@")) { start = at + 1 }
        var end = start
        if start < authorityEnd, bytes[start] == UInt8(ascii: "[") {
            end = (bytes[start..<authorityEnd].firstIndex(of: UInt8(ascii: "]")) ?? authorityEnd - 1) + 1
        } else {
            end = bytes[start..<authorityEnd].firstIndex(of: UInt8(ascii: ":")) ?? authorityEnd
        }
        return end > start ? start..<end : nil
    }

    private static let arxivHosts: Set<String> = ["arxiv.org", "www.arxiv.org", "export.arxiv.org"]

    /// Where the host stands (UTF-8 offsets) in an address that normalisation would leave exactly as it is — `http://` or
    /// `https://`, a lower-case host of letters, digits, dots and hyphens with no user and no port
    /// or one that is not the scheme's default,
    /// a path, and only characters that need no encoding, no fragment — or nil: most addresses
    /// are written so, and need no `URLComponents` (a large share of a 20,000-link audit's time).
    static func alreadyNormal(_ text: String) -> Range<Int>? {
        var text = text
        return text.withUTF8 { bytes -> Range<Int>? in
            let prefixLength: Int
            if bytes.starts(with: "https://".utf8) { prefixLength = 8 }
            else if bytes.starts(with: "http://".utf8) { prefixLength = 7 }
            else { return nil }
            let digits = UInt8(ascii: "0")...UInt8(ascii: "9")
            var index = prefixLength
            while index < bytes.count, bytes[index] != UInt8(ascii: "/"), bytes[index] != UInt8(ascii: ":") {
                let byte = bytes[index]
                guard (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || digits.contains(byte)
                    || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") else { return nil }
                index += 1
            }
            let hostEnd = index
            guard hostEnd > prefixLength, hostEnd < bytes.count else { return nil }
            if bytes[hostEnd] == UInt8(ascii: ":") {
                // A port: digits, no leading zero, not the scheme's default (which normalisation drops).
                var port = 0
                index += 1
                while index < bytes.count, bytes[index] != UInt8(ascii: "/") {
                    guard digits.contains(bytes[index]), port <= 65_535 else { return nil }
                    port = port * 10 + Int(bytes[index] - UInt8(ascii: "0"))
                    index += 1
                }
                guard index < bytes.count, index - hostEnd >= 2, bytes[hostEnd + 1] != UInt8(ascii: "0"), port <= 65_535,
                      port != (prefixLength == 8 ? 443 : 80) else { return nil }
            }
            for byte in bytes[index...] {
                guard byte > 0x20, byte < 0x7F, !Self.needsNormalizing[Int(byte)] else { return nil }
            }
            let host = String(decoding: UnsafeBufferPointer(rebasing: bytes[prefixLength..<hostEnd]), as: UTF8.self)
            return Self.arxivHosts.contains(host) ? nil : prefixLength..<hostEnd
        }
    }

    /// Bytes that leave the fast path to `URLComponents`: a fragment, percent-escapes, and the
    /// characters an address must encode.
    private static let needsNormalizing: [Bool] = {
        var table = [Bool](repeating: false, count: 128)
        for byte in "#%\\\"<>{}|^`[]".utf8 { table[Int(byte)] = true }
        return table
    }()

    /// "scheme://host[:port]": the address up to its path.
    public var origin: String {
        let utf8 = url.utf8
        guard let separator = url.range(of: "://") else { return url }
        let afterScheme = separator.upperBound.samePosition(in: utf8) ?? utf8.endIndex
        let pathStart = utf8[afterScheme...].firstIndex(of: UInt8(ascii: "/")) ?? utf8.endIndex
        return String(url[..<pathStart])
    }

    /// "/abs/2305.01234v2", "/pdf/2305.01234", "/pdf/2305.01234v1.pdf", "/abs/hep-th/9901001" → the ID
    /// without its version.
    static func arxivID(inPath path: String) -> String? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        guard parts.count >= 2, parts[0] == "abs" || parts[0] == "pdf" else { return nil }
        var id = parts.dropFirst().joined(separator: "/")
        if id.hasSuffix(".pdf") { id.removeLast(4) }
        if let v = id.range(of: "v[0-9]+$", options: .regularExpression) { id.removeSubrange(v) }
        let modern = id.range(of: "^[0-9]{4}\\.[0-9]{4,5}$", options: .regularExpression) != nil
        let legacy = id.range(of: "^[a-z-]+(\\.[A-Z]{2})?/[0-9]{7}$", options: .regularExpression) != nil
        return modern || legacy ? id : nil
    }
}
