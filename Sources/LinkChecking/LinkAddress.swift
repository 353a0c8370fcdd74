import Foundation

/// A link's address reduced to what identifies the page, so that each page is checked once however
/// many issues cite it: the fragment dropped, scheme and host in lower case, default ports removed,
/// and an arXiv paper's `abs`, `pdf` and versioned forms made one.
public struct LinkAddress: Sendable, Hashable, CustomStringConvertible {
    /// The address requests go to.
    public var url: String
    /// The arXiv identifier ("2305.01234", "hep-th/9901001") when the address is an arXiv paper.
    public var arxivID: String?

    public var description: String { url }

    /// Nil for anything that is not an absolute http(s) address.
    public init?(_ text: String) {
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
        let normalizedHost = components.host ?? host
        if normalizedHost == "arxiv.org" || normalizedHost == "www.arxiv.org" || normalizedHost == "export.arxiv.org",
           let id = Self.arxivID(inPath: components.path) {
            arxivID = id
            url = "https://arxiv.org/abs/\(id)"
            return
        }
        guard let normalized = components.string else { return nil }
        url = normalized
        arxivID = nil
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
