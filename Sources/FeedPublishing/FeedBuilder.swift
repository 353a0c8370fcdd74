import Foundation
import ImportFeedConfig
import IssueModel
import IssueParsing
import ParallelMap

/// Why a build published nothing. Each case says what failed and where.
public enum FeedBuildError: Error, Sendable, CustomStringConvertible {
    /// Inputs that could not be read or placed.
    case inputs([ParseError])
    /// Issues that cannot become feed items (no date).
    case items([FeedItemError])
    /// Feeds that failed validation: the feed file, and its errors.
    case invalidFeeds([(feed: String, problems: [FeedProblem])])
    case publishing(PublishError)
    /// A feed libxml2 could not write.
    case rendering(FeedRenderError)

    public var description: String {
        switch self {
        case .inputs(let errors): errors.map { "\($0)" }.joined(separator: "\n")
        case .items(let errors): errors.map { "\($0)" }.joined(separator: "\n")
        case .invalidFeeds(let feeds):
            feeds.flatMap { feed in feed.problems.map { "\(feed.feed): \($0)" } }.joined(separator: "\n")
        case .publishing(let error): "\(error)"
        case .rendering(let error): "\(error)"
        }
    }
}

/// What a build did.
public struct FeedBuildReport: Sendable {
    /// True when nothing had changed since the last build and nothing was parsed or written.
    public var upToDate: Bool
    public var written: [String]
    public var unchanged: [String]
    /// Issues in the archive, and how many the feeds carry.
    public var issueCount: Int
    public var itemCount: Int
    /// Recommendations the validator made of the new feeds (they were still published).
    public var warnings: [(feed: String, problem: FeedProblem)]
    public var duplicates: [DuplicateIssue]
    /// What the inputs hold that deserves a look (an issue with no story); the feeds were built.
    public var inputWarnings: [ParseError] = []
}

/// The nightly job: reads the configured inputs, renders the three feeds, validates them all, and
/// publishes them atomically — or, when anything is wrong, publishes nothing.
public struct FeedBuilder: Sendable {
    public let configuration: SiteConfiguration
    public let outputDirectory: String

    public init(configuration: SiteConfiguration, outputDirectory: String? = nil) {
        self.configuration = configuration
        self.outputDirectory = outputDirectory ?? configuration.outputDirectory
    }

    /// Builds the feeds. With `force`, the check for "nothing new since the last build" is skipped.
    /// - Throws: ``FeedBuildError``; the old feeds then stay as they were.
    public func build(force: Bool = false) throws(FeedBuildError) -> FeedBuildReport {
        // The output folder may sit inside an input folder: what the build writes is never read back.
        let inputs = ArchiveParser.expandInputs(configuration.inputs, excluding: outputDirectory)
        let configurationBytes = AtomicPublisher.read(configuration.file) ?? []
        let names = [configuration.feedNames.rss, configuration.feedNames.atom, configuration.feedNames.json]
        let inputStamps = inputs.compactMap(BuildManifest.stamp)
        if !force, inputStamps.count == inputs.count,
           let manifest = BuildManifest.load(from: outputDirectory),
           manifest.tool == BuildManifest.toolIdentity,
           manifest.configurationHash == BuildManifest.hash(configurationBytes),
           manifest.inputs == inputStamps,
           manifest.outputs == names.compactMap({ BuildManifest.stamp(outputDirectory + "/" + $0) }),
           manifest.outputs.count == names.count {
            return FeedBuildReport(upToDate: true, written: [], unchanged: names, issueCount: 0, itemCount: 0,
                                   warnings: [], duplicates: [])
        }

        let parsed = ArchiveParser().parse(paths: configuration.inputs, excluding: outputDirectory)
        guard parsed.errors.isEmpty else { throw .inputs(parsed.errors) }
        let items = try feedItems(parsed.archive)
        let manifest = BuildManifest(tool: BuildManifest.toolIdentity,
                                     configurationHash: BuildManifest.hash(configurationBytes),
                                     inputs: inputStamps, outputs: [])
        var report = try publish(items, manifest: manifest)
        report.issueCount = parsed.archive.issues.count
        report.duplicates = parsed.duplicates
        report.inputWarnings = parsed.warnings
        return report
    }

    /// The newest issues of `archive` as feed items.
    /// - Throws: ``FeedBuildError/items(_:)`` naming every issue that has no date.
    func feedItems(_ archive: Archive) throws(FeedBuildError) -> [FeedItem] {
        var items: [FeedItem] = []
        var itemErrors: [FeedItemError] = []
        for issue in archive.issues.prefix(configuration.itemsPerFeed) {
            do throws(FeedItemError) {
                items.append(try FeedItem(issue: issue, permalink: configuration.permalink(for:),
                                          fallbackDates: configuration.dates, author: configuration.author))
            } catch {
                itemErrors.append(error)
            }
        }
        guard itemErrors.isEmpty else { throw .items(itemErrors) }
        return items
    }

    /// Renders and validates the feeds of `items`, then — only if every feed is valid — publishes
    /// them under the lock, with the manifest of this build.
    /// - Throws: ``FeedBuildError/invalidFeeds(_:)`` or ``FeedBuildError/publishing(_:)``; nothing is
    ///   replaced then.
    func publish(_ items: [FeedItem], manifest: BuildManifest) throws(FeedBuildError) -> FeedBuildReport {
        let feeds = try render(items)
        let publisher = AtomicPublisher(directory: outputDirectory)
        let names = feeds.map(\.file.name)
        do {
            return try publisher.withLock {
                let outcome = try publisher.publish(feeds.map(\.file))
                var manifest = manifest
                manifest.outputs = names.compactMap { BuildManifest.stamp(outputDirectory + "/" + $0) }
                try publisher.publish([FeedFile(name: BuildManifest.fileName, bytes: manifest.encoded())])
                return FeedBuildReport(
                    upToDate: false, written: outcome.written, unchanged: outcome.unchanged, issueCount: items.count,
                    itemCount: items.count, warnings: feeds.flatMap { feed in feed.warnings.map { (feed.file.name, $0) } },
                    duplicates: [])
            }
        } catch let error as PublishError {
            throw .publishing(error)
        } catch {
            throw .publishing(PublishError(path: outputDirectory, operation: "publish", reason: "\(error)"))
        }
    }

    /// The three feeds of `items`, each validated; warnings are returned with each feed.
    /// - Throws: ``FeedBuildError/invalidFeeds(_:)`` with every error of every invalid feed.
    public func render(_ items: [FeedItem]) throws(FeedBuildError) -> [(file: FeedFile, warnings: [FeedProblem])] {
        let site = FeedSite(configuration)
        let kinds: [(kind: FeedKind, name: String)] = [
            (.rss, configuration.feedNames.rss), (.atom, configuration.feedNames.atom), (.json, configuration.feedNames.json),
        ]
        // The three feeds are independent: render and validate them side by side, each with its own
        // validator (libxml2 contexts are never shared between threads).
        let contentCache = ContentFindingsCache()
        let rendered = kinds.concurrentMap(minimumCount: 2) { feed -> Result<(file: FeedFile, problems: [FeedProblem]), FeedRenderError> in
            Result { () throws(FeedRenderError) in
                let bytes = try FeedRenderer.render(feed.kind, site: site, items: items)
                let problems = FeedValidator(sharing: contentCache).validate(bytes, kind: feed.kind, name: feed.name,
                                                        expectedSelf: site.url(of: feed.kind))
                return (FeedFile(name: feed.name, bytes: bytes), problems)
            }
        }
        var results: [(file: FeedFile, warnings: [FeedProblem])] = []
        var invalid: [(feed: String, problems: [FeedProblem])] = []
        for outcome in rendered {
            let feed: (file: FeedFile, problems: [FeedProblem])
            switch outcome {
            case .success(let value): feed = value
            case .failure(let error): throw .rendering(error)
            }
            let errors = feed.problems.filter { $0.severity == .error }
            if errors.isEmpty {
                results.append((feed.file, feed.problems))
            } else {
                invalid.append((feed.file.name, errors))
            }
        }
        guard invalid.isEmpty else { throw .invalidFeeds(invalid) }
        return results
    }
}
