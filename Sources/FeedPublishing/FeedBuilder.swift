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
    /// The feeds were published (the names in `published` replaced), but the build state could not
    /// be saved: the next build rebuilds instead of stopping at "up to date".
    case stateNotSaved(PublishError, published: [String])

    /// Whether the old feeds are still in place (true for every error but ``stateNotSaved(_:published:)``).
    public var feedsUntouched: Bool {
        if case .stateNotSaved = self { return false }
        return true
    }

    public var description: String {
        switch self {
        case .inputs(let errors): errors.map { "\($0)" }.joined(separator: "\n")
        case .items(let errors): errors.map { "\($0)" }.joined(separator: "\n")
        case .invalidFeeds(let feeds):
            feeds.flatMap { feed in feed.problems.map { "\(feed.feed): \($0)" } }.joined(separator: "\n")
        case .publishing(let error): "\(error)"
        case .stateNotSaved(let error, let published):
            "the feeds were published (\(published.isEmpty ? "no file changed" : published.joined(separator: ", ")) "
                + "replaced), but the build state could not be saved: \(error); the next build rebuilds them"
        }
    }
}

/// What a build did.
public struct FeedBuildReport: Sendable {
    /// True when nothing had changed since the last build and nothing was parsed or written.
    public var upToDate: Bool
    public var written: [String]
    public var unchanged: [String]
    /// Issues in the archive, and how many the subscription feeds carry (the rest are in archive documents).
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

    /// Where build state is kept; nil for `.importfeed/` beside the configuration file.
    public let stateDirectory: String?

    public init(configuration: SiteConfiguration, outputDirectory: String? = nil, stateDirectory: String? = nil) {
        self.configuration = configuration
        self.outputDirectory = outputDirectory ?? configuration.outputDirectory
        self.stateDirectory = stateDirectory
    }

    /// Where this build keeps its state (manifest and lock): beside config.json, one per output folder.
    var state: BuildStateLocation {
        BuildStateLocation(configurationFile: configuration.file, outputDirectory: outputDirectory, stateRoot: stateDirectory)
    }

    /// Builds the feeds. With `force`, the check for "nothing new since the last build" is skipped.
    /// Everything — the "up to date" decision included — happens holding the output folder's lock.
    /// - Throws: ``FeedBuildError``; the old feeds then stay as they were (except for
    ///   ``FeedBuildError/stateNotSaved(_:published:)``, which says the feeds were replaced).
    public func build(force: Bool = false) throws(FeedBuildError) -> FeedBuildReport {
        let state = state
        let publisher = AtomicPublisher(directory: outputDirectory, lockFile: state.lockFile)
        do {
            return try publisher.withLock { () throws -> FeedBuildReport in
                try buildHoldingLock(force: force, state: state, publisher: publisher)
            }
        } catch let error as FeedBuildError {
            throw error
        } catch let error as PublishError {
            throw .publishing(error)
        } catch {
            throw .publishing(PublishError(path: state.lockFile, operation: "build", reason: "\(error)"))
        }
    }

    private func buildHoldingLock(force: Bool, state: BuildStateLocation, publisher: AtomicPublisher)
        throws(FeedBuildError) -> FeedBuildReport {
        // The output folder may sit inside an input folder: what the build writes is never read back.
        let inputs = ArchiveParser.expandInputs(configuration.inputs, excluding: outputDirectory)
        let configurationBytes = AtomicPublisher.read(configuration.file) ?? []
        let names = [configuration.feedNames.rss, configuration.feedNames.atom, configuration.feedNames.json]
        let inputStamps = inputs.compactMap(BuildManifest.stamp)
        if !force, inputStamps.count == inputs.count,
           let manifest = BuildManifest.load(from: state.manifestFile),
           manifest.tool == BuildManifest.toolIdentity,
           manifest.configurationHash == BuildManifest.hash(configurationBytes),
           manifest.inputs == inputStamps,
           manifest.outputs == names.compactMap({ BuildManifest.stamp(AtomicPublisher.join(outputDirectory, $0)) }),
           manifest.outputs.count == names.count {
            return FeedBuildReport(upToDate: true, written: [], unchanged: names, issueCount: 0, itemCount: 0,
                                   warnings: [], duplicates: [])
        }

        let parsed = ArchiveParser().parse(paths: configuration.inputs, excluding: outputDirectory)
        guard parsed.errors.isEmpty else { throw .inputs(parsed.errors) }
        let items = try feedItems(parsed.archive)
        let staging: AtomicPublisher.Staging
        do throws(PublishError) {
            staging = try publisher.beginStaging()
        } catch {
            throw .publishing(error)
        }
        let (feeds, written, unchanged) = try publication.renderAndPublish(items, with: staging)
        let outcome = (written: written, unchanged: unchanged)
        let manifest = BuildManifest(
            tool: BuildManifest.toolIdentity, configurationHash: BuildManifest.hash(configurationBytes),
            inputs: inputStamps,
            outputs: names.compactMap { BuildManifest.stamp(AtomicPublisher.join(outputDirectory, $0)) })
        do throws(PublishError) {
            // The manifest only spares a rebuild: losing it in a crash costs one, so it is not flushed.
            try AtomicPublisher.replaceFile(state.manifestFile, with: manifest.encoded(), durable: false)
        } catch {
            throw .stateNotSaved(error, published: outcome.written)
        }
        let report = FeedBuildReport(
            upToDate: false, written: outcome.written, unchanged: outcome.unchanged,
            issueCount: parsed.archive.issues.count,
            itemCount: publication.subscriptionCount(of: items.count),
            warnings: feeds.flatMap { feed in feed.warnings.map { (feed.name, $0) } },
            duplicates: parsed.duplicates, inputWarnings: parsed.warnings)
        BackgroundRelease.release((consume parsed, consume items, consume feeds))
        return report
    }

    /// Every issue of `archive` as a feed item, newest first: the subscription feed carries the
    /// newest, archive documents the rest.
    /// - Throws: ``FeedBuildError/items(_:)`` naming every issue that has no date.
    func feedItems(_ archive: Archive) throws(FeedBuildError) -> [FeedItem] {
        // Each issue's item (its content rendered as HTML) is independent of the others: spread over
        // the cores, in the archive's order.
        let configuration = configuration
        let made = archive.issues.concurrentMap { issue in
            Result { () throws(FeedItemError) in
                try FeedItem(issue: issue, permalink: configuration.permalink(for:), fallbackDates: configuration.dates,
                             author: configuration.author, publishedAt: configuration.publicationMoment(on:))
            }
        }
        var items: [FeedItem] = []
        var itemErrors: [FeedItemError] = []
        items.reserveCapacity(made.count)
        for result in made {
            switch result {
            case .success(let item): items.append(item)
            case .failure(let error): itemErrors.append(error)
            }
        }
        guard itemErrors.isEmpty else { throw .items(itemErrors) }
        return items
    }

    /// The feeds of this configuration, from plain values: rendering, validation and archive pages.
    public var publication: FeedPublication {
        FeedPublication(site: FeedSite(configuration),
                        fileNames: .init(rss: configuration.feedNames.rss, atom: configuration.feedNames.atom,
                                         json: configuration.feedNames.json),
                        archivePageSize: configuration.archivePageSize,
                        archivePattern: configuration.archivePattern ?? FeedPublication.defaultArchivePattern)
    }

    /// Every document of `items`, validated (see ``FeedPublication/render(_:)``).
    public func render(_ items: [FeedItem]) throws(FeedBuildError) -> [(file: FeedFile, warnings: [FeedProblem])] {
        try publication.render(items)
    }
}
