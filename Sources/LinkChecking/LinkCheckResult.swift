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
    /// Where the redirects ended, when there were any.
    public var finalURL: String?
    /// The reason, in words: "404 Not Found", "redirect loop via …", "timed out after 20 s".
    public var reason: String
    /// Requests sent for this address.
    public var requests: Int
    /// The addresses redirected through, in order.
    public var redirects: [String]
    /// Why no HTTP answer came, as libcurl's result code classifies it (nil when one came): what
    /// decisions are made on, never the reason's words.
    public var failure: ProbeFailure.Kind?
    /// The title the arXiv API gives the paper at this address, when it was asked.
    public var paperTitle: String?
    /// The `<title>` of the page, when its first bytes were read (soft-404 comparisons only).
    public var pageTitle: String?
    /// The archived copy suggested for a dead link (`--suggest`), when the archive has one.
    public var suggestion: ArchivedCopy?
    /// Seconds from the first request to the verdict (0 for a cached or batched result).
    public var seconds: Double = 0

    public init(verdict: Verdict, status: Int, finalURL: String? = nil, reason: String, requests: Int,
                redirects: [String] = [], failure: ProbeFailure.Kind? = nil) {
        self.verdict = verdict
        self.status = status
        self.finalURL = finalURL
        self.reason = reason
        self.requests = requests
        self.redirects = redirects
        self.failure = failure
    }
}
