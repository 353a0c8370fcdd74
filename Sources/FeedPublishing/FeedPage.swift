/// Which document of a feed is being rendered, and how it links to the others (RFC 5005 section 4,
/// archived feeds): the subscription document links `prev-archive` to the newest archive document;
/// each archive document is marked `fh:archive`, links `current` to the subscription document and
/// `prev-archive` to the next older one. No `next-archive` (optional in RFC 5005): with it, the
/// newest archive document would change when a newer one appears. JSON Feed pages chain with
/// `next_url` (older).
public struct FeedPage: Sendable, Hashable {
    /// The document's own address (its self link).
    public var selfURL: String
    /// The subscription document's address, for an archive document's `current` link; nil for the
    /// subscription document itself.
    public var currentURL: String?
    /// The next older archive document.
    public var previousArchiveURL: String?

    public init(selfURL: String, currentURL: String? = nil, previousArchiveURL: String? = nil) {
        self.selfURL = selfURL
        self.currentURL = currentURL
        self.previousArchiveURL = previousArchiveURL
    }

    /// Whether this is an archive document (whose entries do not change).
    public var isArchive: Bool { currentURL != nil }

    /// The namespace of `fh:archive` (RFC 5005).
    static let historyNamespace = "http://purl.org/syndication/history/1.0"
}
