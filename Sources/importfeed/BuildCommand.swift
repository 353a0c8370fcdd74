import ArgumentParser
internal import CSystem
import FeedPublishing
import Foundation
import ImportFeedConfig

/// `importfeed build`: the nightly job.
struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build the RSS 2.0, Atom 1.0 and JSON Feed 1.1 feeds of the archive.",
        discussion: """
            Reads the inputs config.json names (files, folders or glob patterns; paths relative to the \
            configuration file), parses them into one archive, renders the newest issues as three feeds, \
            validates every feed (RELAX NG with libxml2, plus the rules a schema cannot say), and only \
            then replaces the output folder's feeds as one set (the new folder is built beside the old \
            one and the two are exchanged atomically): readers see all old or all new feeds. If \
            anything fails — an unreadable input, an issue with no date, an invalid feed — no feed is \
            replaced and the exit status is 1.

            Output is deterministic: the same inputs give byte-identical feeds, and files whose bytes \
            did not change are left untouched. When no input, the configuration and no feed changed \
            since the last build, the build stops at once ("up to date"). Two builds never interleave: \
            the second waits for the first's lock. The lock and the build state live in .importfeed/ \
            beside the configuration file (one state per output folder); the output folder holds the \
            feeds alone.

            config.json keys: title, description, home_page_url, feed_base_url, author, language, \
            inputs, output_dir, items_per_feed (default 20), permalink (with {number}), dates \
            (issue number → YYYY-MM-DD), feeds ({"rss": "feed.xml", "atom": "atom.xml", "json": "feed.json"}), \
            publish_time (HH:MM, default 12:00) and time_zone (UTC, +HH:MM or a zone name; default UTC): \
            when an issue's input gives a day and no time of day, it is published then; \
            archive_page_size (default items_per_feed) and archive_pattern (default \
            "archive/{name}-{page}.{ext}"): every issue is published, the oldest in RFC 5005 archive \
            documents of full pages, the newest in the subscription feeds.
            """
    )

    @Option(name: .long, help: "The configuration file.")
    var config = "config.json"

    @Option(name: .long, help: "Write the feeds here instead of the configuration's output_dir.")
    var out: String?

    @Option(name: .long, help: "Keep the build state (last build's manifest, the lock) in this folder instead of .importfeed/ beside the configuration.")
    var state: String?

    @Flag(name: .long, help: "Rebuild even when nothing changed since the last build.")
    var force = false

    @Flag(name: .long, help: "Print nothing but errors.")
    var quiet = false

    func run() throws {
        Self.keepFreedMemoryForReuse()
        var standardError = StandardError()
        let configuration: SiteConfiguration
        do {
            configuration = try SiteConfiguration.load(path: config)
        } catch {
            print("importfeed: error: \(error)", to: &standardError)
            throw ExitCode(2)
        }
        let builder = FeedBuilder(configuration: configuration, outputDirectory: out, stateDirectory: state)
        let report: FeedBuildReport
        do {
            report = try builder.build(force: force)
        } catch {
            for line in error.description.split(separator: "\n") {
                print("importfeed: error: \(line)", to: &standardError)
            }
            if !error.feedsUntouched {
                print("importfeed: the feeds were replaced; only the build state is missing", to: &standardError)
            } else {
                print("importfeed: no feed was replaced", to: &standardError)
            }
            throw ExitCode(1)
        }
        // Warnings reach the nightly job's log even when it asked for quiet.
        for warning in report.inputWarnings { print("importfeed: warning: \(warning)", to: &standardError) }
        if quiet { return }
        if report.upToDate {
            print("importfeed: up to date: nothing changed since the last build of \(builder.outputDirectory)")
            return
        }
        for duplicate in report.duplicates { print("importfeed: note: \(duplicate)", to: &standardError) }
        for (feed, problem) in report.warnings { print("importfeed: warning: \(feed): \(problem)", to: &standardError) }
        let written = report.written.isEmpty ? "nothing (every feed already up to date)"
            : report.written.map { builder.outputDirectory + "/" + $0 }.joined(separator: ", ")
        let archived = report.issueCount - report.itemCount
        print("importfeed: \(report.issueCount) issues: \(report.itemCount) in the subscription feeds, \(archived) in archive "
              + "documents; wrote \(written)")
    }

    /// A build allocates and frees documents of hundreds of kilobytes again and again. By default
    /// glibc maps each such block afresh (and unmaps it when freed), so every page is faulted in
    /// anew; kept in the heap instead, freed blocks are reused (a quarter fewer page faults and about
    /// a tenth less CPU time on the 1,200-issue bench archive). The process is short-lived, so
    /// holding on to freed memory until it exits costs nothing.
    private static func keepFreedMemoryForReuse() {
        importfeed_keep_freed_memory(64 << 20, 256 << 20)
    }
}
