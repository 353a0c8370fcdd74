/// config.json's `"link_check"` object, and the settings the link checker runs with: its limits, its
/// cache and the arXiv API. Every key is optional; the defaults suit a draft audit from a laptop.
/// Every wait is bounded.
public struct LinkCheckConfiguration: Sendable, Hashable {
    public var maxConcurrency = 32
    public var hostConcurrency = 4
    /// Seconds between two requests to one host.
    public var hostRequestInterval = 0.0
    public var connectTimeout = 10.0
    public var timeout = 20.0
    public var maxRetries = 2
    public var maxRedirects = 10
    /// The longest Retry-After honoured, in seconds; a longer one ends the retries.
    public var retryAfterCap = 30.0
    /// The first wait before a retry when the server names none, in seconds; doubled on each retry.
    public var retryBackoff = 0.5
    /// Seconds the whole run may take.
    public var deadline = 600.0
    /// Seconds one link may take, all its requests, retries and waits together: no single server
    /// holds an audit up for long.
    public var linkBudget = 25.0
    /// The cache file, resolved against the configuration's folder; nil for no cache.
    public var cacheFile: String?
    /// How long an alive result is trusted, in seconds.
    public var cacheMaxAge = 86_400.0
    /// The arXiv export API's query endpoint.
    public var arxivAPI = "http://export.arxiv.org/api/query"
    /// arXiv IDs asked for in one API request.
    public var arxivBatchSize = 50
    /// Regular expressions: an address any of them matches (anywhere in it) is not checked.
    public var exclude: [String] = []
    /// Whether each host whose links all answer 2xx gets one request for an address that cannot exist,
    /// to find soft 404s (a host that answers 200 to anything).
    public var soft404Probe = true
    /// Whether each dead link gets the archived copy closest to its issue's date (`--suggest`).
    public var suggest = false
    /// The Wayback Machine's availability API, asked for those copies.
    public var waybackAPI = "https://archive.org/wayback/available"

    public init() {}

    static let keys: Set<String> = [
        "max_concurrency", "host_concurrency", "host_request_interval", "connect_timeout", "timeout", "max_retries",
        "max_redirects", "retry_after_cap", "retry_backoff", "deadline", "cache", "cache_max_age", "arxiv_api", "arxiv_batch_size",
        "exclude", "link_budget", "soft_404_probe", "suggest", "wayback_api",
    ]
}
