internal import CLibXML2
import Foundation

/// Soft 404s: pages that are gone although their server does not say 404. Two shapes are caught.
///
/// - A deep link permanently redirected to its site's home page or to a login page (where many
///   sites send the addresses of deleted pages): ``deletedPageLanding(from:to:)``.
/// - A host that answers 200 to anything: one request for an address that cannot exist tells
///   (``probeAddress(for:token:)``); that answer's final address and `<title>` are then compared with
///   the host's links' (``verdict(for:notFound:)``).
public enum SoftNotFound {
    /// Body bytes read to find a page's `<title>`.
    public static let titleBodyLimit = 64 * 1024
    /// Seconds a probe or a title read may take (never retried): the comparison is a second opinion,
    /// and must not hold the author's audit up.
    public static let requestTimeout = 5.0

    // MARK: - Redirects to a home or login page

    /// "the site's home page" or "a login page" when `original` is a deep link (a page of its own, not
    /// a site's front page) and `final`, where its permanent redirects ended, is a home or login page;
    /// nil otherwise.
    public static func deletedPageLanding(from original: String, to final: String) -> String? {
        guard let from = URLComponents(string: original), let to = URLComponents(string: final) else { return nil }
        let fromSegments = segments(from.path)
        guard !isFrontPage(fromSegments, query: from.query), !isLoginPage(fromSegments) else { return nil }
        let toSegments = segments(to.path)
        if isFrontPage(toSegments, query: to.query) { return "the site's home page" }
        if isLoginPage(toSegments) { return "a login page" }
        return nil
    }

    private static func segments(_ path: String) -> [String] {
        path.split(separator: "/").map { $0.lowercased() }
    }

    /// A site's front page: no path, or only an index document ("/index.html", "/home"), and no query.
    private static func isFrontPage(_ segments: [String], query: String?) -> Bool {
        guard query?.isEmpty ?? true else { return false }
        guard let only = segments.first else { return true }
        guard segments.count == 1 else { return false }
        let name = only.split(separator: ".").first.map(String.init) ?? only
        return ["index", "default", "home"].contains(name)
    }

    /// Words a login page's address is made of.
    private static let loginWords: Set<String> = [
        "login", "log-in", "log_in", "signin", "sign-in", "sign_in", "logon", "sso", "auth", "authenticate", "authorize",
    ]

    private static func isLoginPage(_ segments: [String]) -> Bool {
        segments.contains { segment in
            loginWords.contains(segment.split(separator: ".").first.map(String.init) ?? segment)
        }
    }

    // MARK: - Hosts that answer 200 to anything

    /// A host's answer to an address that cannot exist, when it was a 2xx.
    public struct NotFoundAnswer: Sendable, Hashable {
        /// The address asked for.
        public var probe: String
        /// Where its redirects ended (the probe itself when there were none).
        public var finalURL: String
        /// The page's `<title>`, when it has one.
        public var title: String?

        public init(probe: String, finalURL: String, title: String?) {
            self.probe = probe
            self.finalURL = finalURL
            self.title = title
        }

        /// Whether the host answered at the probe's own address (rather than redirecting it somewhere).
        public var answeredInPlace: Bool { finalURL == probe }
    }

    /// An address on `origin` that no site has: `token` is random per run.
    public static func probeAddress(for origin: String, token: String) -> String {
        "\(origin)/importfeed-no-such-page-\(token)"
    }

    /// The hosts worth one probe, each with its links: every link on it was checked here (not by the
    /// arXiv API) and answered 2xx, with no redirect or only temporary ones.
    public static func hostsAnsweringOnlyOK(_ results: [LinkAddress: LinkCheckResult]) -> [String: [LinkAddress]] {
        let addresses = Array(results.keys)
        return hostsAnsweringOnlyOK(addresses, addresses.map { results[$0]! }).mapValues { $0.map { addresses[$0] } }
    }

    /// ``hostsAnsweringOnlyOK(_:)`` for `results` in the order of `addresses`: each host with the
    /// indices of its addresses.
    static func hostsAnsweringOnlyOK(_ addresses: [LinkAddress], _ results: [LinkCheckResult]) -> [String: [Int]] {
        var byOrigin: [String: [Int]] = [:]
        var spoiled: Set<String> = []
        for (index, (address, result)) in zip(addresses, results).enumerated() {
            let origin = address.origin
            guard !spoiled.contains(origin) else { continue }
            if result.verdict == .alive, (200..<300).contains(result.status), address.arxivID == nil {
                byOrigin[origin, default: []].append(index)
            } else {
                spoiled.insert(origin)
                byOrigin.removeValue(forKey: origin)
            }
        }
        return byOrigin
    }

    /// The verdict for a link of a host that answers 2xx to an address that cannot exist: "probably
    /// dead" when the link lands where that address lands, or its page has the same `<title>` as that
    /// answer; nil when it looks like a page of its own. `pageTitle` is the link's page's title, when
    /// it was read.
    public static func verdict(for result: LinkCheckResult, at address: LinkAddress, notFound: NotFoundAnswer,
                               pageTitle: String?) -> LinkCheckResult? {
        let final = result.finalURL ?? address.url
        var judged = result
        if !notFound.answeredInPlace, final == notFound.finalURL {
            judged.reason = "lands where an address that cannot exist on this host lands (\(final))"
        } else if notFound.answeredInPlace, let title = notFound.title, let pageTitle,
                  normalized(title) == normalized(pageTitle) {
            judged.reason = "reads as this host's not-found page: the same title, \"\(pageTitle)\", as an address that cannot exist"
        } else {
            return nil
        }
        judged.verdict = .probablyDead
        return judged
    }

    /// Whether a host's page titles can tell a page from its not-found answer: some page has a title
    /// of its own. When every page carries the not-found page's title (one shell page for every
    /// address, as some sites serve to clients without JavaScript), a matching title proves nothing.
    public static func titlesTellPagesApart(_ titles: [String?], notFoundTitle: String?) -> Bool {
        guard let notFoundTitle else { return false }
        let notFound = normalized(notFoundTitle)
        return titles.contains { $0.map { normalized($0) != notFound } ?? false }
    }

    private static func normalized(_ title: String) -> String {
        title.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    // MARK: - Titles

    /// The text of the first `<title>` element of `body` (an HTML page's first bytes), white space
    /// collapsed; nil when there is none. Read by libxml2's HTML parser with the network off and no
    /// external entities, recovering from markup cut off at the body limit.
    public static func title(in body: [UInt8]) -> String? {
        guard let document = UntrustedMarkup.document(body, html: true) else { return nil }
        defer { xmlFreeDoc(document) }
        guard let element = firstElement(named: "title", under: xmlDocGetRootElement(document)),
              let content = xmlNodeGetContent(element) else { return nil }
        defer { importfeed_xml_free(content) }
        let text = String(cString: importfeed_xml_chars(content)).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return text.isEmpty ? nil : text
    }

    /// The first element called `name` below `root`, in document order (walked without recursion:
    /// a page may nest deeply).
    private static func firstElement(named name: String, under root: xmlNodePtr?) -> xmlNodePtr? {
        var node = root
        while let current = node {
            if current.pointee.type == XML_ELEMENT_NODE, UntrustedMarkup.name(current).lowercased() == name { return current }
            if current.pointee.type == XML_ELEMENT_NODE, let child = current.pointee.children {
                node = child
                continue
            }
            // The next sibling, or the next sibling of the nearest ancestor that has one.
            var climbing: xmlNodePtr? = current
            node = nil
            while let up = climbing, up != root {
                if let sibling = up.pointee.next {
                    node = sibling
                    break
                }
                climbing = up.pointee.parent
            }
        }
        return nil
    }
}
