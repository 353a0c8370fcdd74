import Foundation
import IssueModel
import ParallelMap
/// A feed's documents from plain values — no config.json needed: the site, the file names, and
/// the archive pages. It renders the three formats (RSS 2.0, Atom 1.0, JSON Feed 1.1) and their
/// RFC 5005 archive documents, validates every one, and publishes them as one set.
///
/// ```swift
/// let publication = FeedPublication(site: site, archivePageSize: 50)
/// try publication.publish(items, into: "public/feeds", lockFile: "state/feeds.lock")
/// ```
public struct FeedPublication: Sendable, Hashable {
    /// The file names of the three subscription documents in the output folder.
    public struct FileNames: Sendable, Hashable {
        public var rss: String
        public var atom: String
        public var json: String

        public init(rss: String = "feed.xml", atom: String = "atom.xml", json: String = "feed.json") {
            self.rss = rss
            self.atom = atom
            self.json = json
        }

        func name(of kind: FeedKind) -> String {
            switch kind {
            case .rss: rss
            case .atom: atom
            case .json: json
            }
        }
    }

    public var site: FeedSite
    public var fileNames: FileNames
    /// Items per archive document; nil for no archive documents (the subscription documents then
    /// carry every item).
    public var archivePageSize: Int?
    /// Where archive documents go, relative to the output folder: `{name}` and `{ext}` are each
    /// feed's file name and extension, `{page}` the page number from 1.
    public var archivePattern: String

    public static let defaultArchivePattern = "archive/{name}-{page}.{ext}"

    public init(site: FeedSite, fileNames: FileNames = FileNames(), archivePageSize: Int? = nil,
                archivePattern: String = FeedPublication.defaultArchivePattern) {
        self.site = site
        self.fileNames = fileNames
        self.archivePageSize = archivePageSize.map { max($0, 1) }
        self.archivePattern = archivePattern
    }

    /// Renders and validates every document of `items` (newest first), then publishes them into
    /// `directory` as one set (see ``AtomicPublisher``), holding the lock at `lockFile`.
    /// - Throws: ``FeedBuildError``; nothing is replaced then.
    @discardableResult
    public func publish(_ items: [FeedItem], into directory: String, lockFile: String)
        throws(FeedBuildError) -> (written: [String], unchanged: [String]) {
        let publisher = AtomicPublisher(directory: directory, lockFile: lockFile)
        do {
            return try publisher.withLock {
                let outcome = try renderAndPublish(items, with: try publisher.beginStaging())
                return (outcome.written, outcome.unchanged)
            }
        } catch let error as FeedBuildError {
            throw error
        } catch let error as PublishError {
            throw .publishing(error)
        } catch {
            throw .publishing(PublishError(path: directory, operation: "publish", reason: "\(error)"))
        }
    }

    /// How many of `count` items the subscription documents carry: the newest beyond the last full
    /// archive page (at least one, at most a page), or all of them without archive pages.
    public func subscriptionCount(of count: Int) -> Int {
        count - archivedPageCount(of: count) * (archivePageSize ?? 0)
    }

    /// How many full archive pages `count` items fill, leaving the subscription documents at least one.
    func archivedPageCount(of count: Int) -> Int {
        guard let size = archivePageSize, count > 0 else { return 0 }
        return (count - 1) / size
    }

    /// The file name of archive page `page` of the feed named `feedName` (`feed.xml` → `archive/feed-3.xml`).
    public func archiveFileName(feedName: String, page: Int) -> String {
        let pattern = archiveFilePattern(feedName: feedName)
        return pattern.prefix + String(page) + pattern.suffix
    }

    /// Whether `path` (relative to the output folder) is a document of this publication — a
    /// subscription document or an archive page of any number — which the new set replaces or drops.
    public func ownsDocument(_ path: String) -> Bool {
        let names = FeedKind.allCases.map(fileNames.name(of:))
        return names.contains(path) || names.contains { name in
            let (prefix, suffix) = archiveFilePattern(feedName: name)
            guard path.count > prefix.count + suffix.count, path.hasPrefix(prefix), path.hasSuffix(suffix) else { return false }
            return path.dropFirst(prefix.count).dropLast(suffix.count).allSatisfy { $0.isASCII && $0.isNumber }
        }
    }

    private func archiveFilePattern(feedName: String) -> (prefix: String, suffix: String) {
        let dot = feedName.lastIndex(of: ".")
        let name = dot.map { String(feedName[..<$0]) } ?? feedName
        let ext = dot.map { String(feedName[feedName.index(after: $0)...]) } ?? ""
        let filled = archivePattern.replacingEvery("{name}", with: name).replacingEvery("{ext}", with: ext)
        guard let parts = filled.split(atFirst: "{page}") else { return (filled, "") }
        return (parts.before, parts.after)
    }

    /// The address a document published as `name` (relative to the output folder) has: beside the
    /// subscription document of its format.
    private func url(of name: String, kind: FeedKind) -> String {
        let subscription = site.url(of: kind)
        let folder = subscription.lastIndex(of: "/").map { String(subscription[...$0]) } ?? subscription + "/"
        return folder + name
    }

    /// One document to render: which feed, which items, and its place among the feed's documents.
    struct Document: Sendable {
        var kind: FeedKind
        var name: String
        var items: ArraySlice<FeedItem>
        var page: FeedPage
    }

    /// The documents of `items` (newest first), RFC 5005 archived feeds: the oldest issues fill
    /// archive page 1, page after page of `archivePageSize`; only full pages are archived, so a new
    /// issue never changes an archive document, and the subscription document carries the newest
    /// issues beyond the last full page (at least one, at most a page).
    func documents(_ items: [FeedItem]) -> [Document] {
        let size = archivePageSize ?? 1
        let archivedPages = archivedPageCount(of: items.count)
        let kinds = FeedKind.allCases.map { (kind: $0, name: fileNames.name(of: $0)) }
        var documents: [Document] = []
        for (kind, name) in kinds {
            let subscriptionURL = site.url(of: kind)
            func pageURL(_ page: Int) -> String { url(of: archiveFileName(feedName: name, page: page), kind: kind) }
            // items are newest first: page k holds the k-th `size` issues counted from the oldest.
            let subscriptionCount = items.count - archivedPages * size
            documents.append(Document(
                kind: kind, name: name, items: items[0..<subscriptionCount],
                page: FeedPage(selfURL: subscriptionURL, previousArchiveURL: archivedPages > 0 ? pageURL(archivedPages) : nil)))
            for page in stride(from: archivedPages, through: 1, by: -1) {
                let upper = items.count - (page - 1) * size
                documents.append(Document(
                    kind: kind, name: archiveFileName(feedName: name, page: page),
                    items: items[(upper - size)..<upper],
                    // No next-archive link (RFC 5005 makes it optional): the newest archive page would
                    // otherwise change when the next one appears, and archive documents never change.
                    page: FeedPage(selfURL: pageURL(page), currentURL: subscriptionURL,
                                   previousArchiveURL: page > 1 ? pageURL(page - 1) : nil)))
            }
        }
        return documents
    }

    /// Every document of `items` — the subscription feeds and their archive documents — each
    /// validated; warnings are returned with each document.
    /// - Throws: ``FeedBuildError/invalidFeeds(_:)`` with every error of every invalid document.
    public func render(_ items: [FeedItem]) throws(FeedBuildError) -> [(file: FeedFile, warnings: [FeedProblem])] {
        try render(items, deliver: nil)
    }

    /// Renders and validates every document of `items`, handing each valid one to `staging` as soon
    /// as it is ready (from the thread that made it), so that writing overlaps rendering; then
    /// publishes the set, or abandons it when any document is invalid. A document's bytes are let go
    /// once staged (a 1,200-issue archive's documents are megabytes): what comes back is each
    /// document's name and warnings.
    func renderAndPublish(_ items: [FeedItem], with staging: AtomicPublisher.Staging)
        throws(FeedBuildError) -> (documents: [(name: String, warnings: [FeedProblem])], written: [String], unchanged: [String]) {
        let documents: [(name: String, warnings: [FeedProblem])]
        do throws(FeedBuildError) {
            documents = try render(items, deliver: staging.stage).map { ($0.file.name, $0.warnings) }
        } catch {
            staging.abandon()
            throw error
        }
        do throws(PublishError) {
            let outcome = try staging.commit(dropping: ownsDocument)
            return (documents, outcome.written, outcome.unchanged)
        } catch {
            staging.abandon()
            throw .publishing(error)
        }
    }

    /// What became of one document: its bytes (none once delivered) and problems, or why it has none.
    private enum DocumentOutcome: Sendable {
        case rendered(FeedFile, [FeedProblem])
        case deliveryFailed(PublishError)
    }

    private func render(_ items: [FeedItem], deliver: ((FeedFile) throws(PublishError) -> Void)?)
        throws(FeedBuildError) -> [(file: FeedFile, warnings: [FeedProblem])] {
        // Documents are independent: one worker per core takes the next document as it finishes one,
        // each with its own validator (libxml2 contexts are never shared between threads), all sharing
        // what they learn of item HTML.
        let contentCache = ContentFindingsCache()
        let site = site
        // Each item's HTML goes into RSS and Atom documents alike: escaped once for both.
        let escapedContent = items.concurrentMap { XMLWriter.escapedText($0.contentHTML) }
        nonisolated(unsafe) let deliver = deliver
        let outcomes = documents(items).concurrentMap(
            workers: ProcessInfo.processInfo.activeProcessorCount,
            perWorker: { FeedValidator(sharing: contentCache) }
        ) { validator, document -> DocumentOutcome in
            let bytes = FeedRenderer.render(document.kind, site: site, items: document.items, page: document.page,
                                            escapedContent: escapedContent[document.items.indices])
            let problems = validator.validate(bytes, kind: document.kind, name: document.name,
                                              expectedSelf: document.page.selfURL)
            let file = FeedFile(name: document.name, bytes: bytes)
            if let deliver, !problems.contains(where: { $0.severity == .error }) {
                do throws(PublishError) {
                    try deliver(file)
                } catch {
                    return .deliveryFailed(error)
                }
                return .rendered(FeedFile(name: document.name, bytes: []), problems)
            }
            return .rendered(file, problems)
        }
        var results: [(file: FeedFile, warnings: [FeedProblem])] = []
        var invalid: [(feed: String, problems: [FeedProblem])] = []
        for outcome in outcomes {
            switch outcome {
            case .deliveryFailed(let error): throw .publishing(error)
            case .rendered(let file, let problems):
                let errors = problems.filter { $0.severity == .error }
                if errors.isEmpty {
                    results.append((file, problems))
                } else {
                    invalid.append((file.name, errors))
                }
            }
        }
        guard invalid.isEmpty else { throw .invalidFeeds(invalid) }
        return results
    }
}
