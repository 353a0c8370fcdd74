/// The limits of a link check. Every wait is bounded.
public struct LinkCheckSettings: Sendable, Hashable {
    /// Requests under way at once, in all.
    public var maxConcurrency = 32
    /// Requests under way at once to one host.
    public var hostConcurrency = 4
    /// Seconds between the starts of two requests to one host (politeness; 0 for none).
    public var hostRequestInterval = 0.0
    public var connectTimeout = 10.0
    /// Seconds one request may take.
    public var timeout = 20.0
    /// Retries of a request that timed out, failed to connect, or was answered 429 or 503.
    public var maxRetries = 2
    /// Redirects followed before giving up.
    public var maxRedirects = 10
    /// The longest Retry-After honoured, in seconds; a longer one ends the retries.
    public var retryAfterCap = 30.0
    /// The first backoff, in seconds, doubled on each retry.
    public var backoff = 0.5
    /// Seconds the whole run may take; links not finished by then are "could not verify".
    public var deadline = 600.0
    /// The arXiv export API's query endpoint; arXiv papers are checked through it in batches.
    public var arxivAPI = "http://export.arxiv.org/api/query"
    /// arXiv IDs asked for in one API request.
    public var arxivBatchSize = 50

    public init() {}
}
