/// What a check concluded of one address.
public struct LinkCheckResult: Sendable, Hashable {
    public enum Verdict: String, Sendable, Hashable, CaseIterable {
        /// The page answers.
        case alive
        /// A permanent redirect to a page that answers: `finalURL` is where the link should point.
        case moved
        /// Proven gone: 404, 410, an unknown host, an arXiv ID that does not exist.
        case dead
        /// Could not tell (403/429 after retries, a bot wall, timeouts, TLS errors): never reported as dead.
        case unverified
        /// The input carries no address for the link (plain text).
        case noURL = "no-url"
        /// Not checked: an `--exclude` pattern (or config.json's `exclude`) matches the address.
        case excluded
        /// The address answers, but the paper there is not the one the link line names (arXiv's
        /// title for the ID differs from the cited title): most likely a wrong ID. A warning.
        case titleMismatch = "title-mismatch"
        /// A soft 404: the server does not say "not found", but the page is most likely gone — a deep
        /// link permanently redirected to its site's home or login page, or a page that reads like
        /// what its host answers for an address that cannot exist. A warning.
        case probablyDead = "probably-dead"
    }

    public var verdict: Verdict
    /// The last HTTP status seen, 0 when none.
    public var status: Int
    /// The reason, in words: "404 Not Found", "redirect loop via …", "timed out after 20 s".
    public var reason: String
    /// Requests sent for this address.
    public var requests: Int
    /// Seconds from the first request to the verdict (0 for a cached or batched result).
    public var seconds: Double = 0
    /// What most results lack, kept in a box of its own so that a result stays small: a 20,000-link
    /// audit holds every result in its table.
    private var details: Box?

    /// Where the redirects ended, when there were any.
    public var finalURL: String? {
        get { details?.fields.finalURL }
        set { update { $0.finalURL = newValue } }
    }
    /// The addresses redirected through, in order.
    public var redirects: [String] {
        get { details?.fields.redirects ?? [] }
        set { update { $0.redirects = newValue } }
    }
    /// Why no HTTP answer came, as libcurl's result code classifies it (nil when one came): what
    /// decisions are made on, never the reason's words.
    public var failure: ProbeFailure.Kind? {
        get { details?.fields.failure }
        set { update { $0.failure = newValue } }
    }
    /// The title the arXiv API gives the paper at this address, when it was asked.
    public var paperTitle: String? {
        get { details?.fields.paperTitle }
        set { update { $0.paperTitle = newValue } }
    }
    /// The `<title>` of the page, when its first bytes were read (soft-404 comparisons only).
    public var pageTitle: String? {
        get { details?.fields.pageTitle }
        set { update { $0.pageTitle = newValue } }
    }
    /// The archived copy suggested for a dead link (`--suggest`), when the archive has one.
    public var suggestion: ArchivedCopy? {
        get { details?.fields.suggestion }
        set { update { $0.suggestion = newValue } }
    }

    public init(verdict: Verdict, status: Int, finalURL: String? = nil, reason: String, requests: Int,
                redirects: [String] = [], failure: ProbeFailure.Kind? = nil) {
        self.verdict = verdict
        self.status = status
        self.reason = reason
        self.requests = requests
        update {
            $0.finalURL = finalURL
            $0.redirects = redirects
            $0.failure = failure
        }
    }

    /// The stand-in of a result not known yet (in a table filled as verdicts come): never reported.
    static let pending = LinkCheckResult(verdict: .unverified, status: 0, reason: "", requests: 0)

    /// The fields most results leave empty.
    private struct Details: Hashable, Sendable {
        var finalURL: String?
        var redirects: [String] = []
        var failure: ProbeFailure.Kind?
        var paperTitle: String?
        var pageTitle: String?
        var suggestion: ArchivedCopy?
    }

    /// An immutable box (shared by copies of the result; a change makes a new one): compared and
    /// hashed by what it holds.
    private final class Box: Hashable, Sendable {
        let fields: Details

        init(_ fields: Details) { self.fields = fields }

        static func == (left: Box, right: Box) -> Bool { left.fields == right.fields }
        func hash(into hasher: inout Hasher) { hasher.combine(fields) }
    }

    private mutating func update(_ change: (inout Details) -> Void) {
        var fields = details?.fields ?? Details()
        change(&fields)
        details = fields == Details() ? nil : Box(fields)
    }
}
