import ArgumentParser
import Foundation
import ImportFeedConfig
import IssueModel
import IssueParsing
import LinkChecking

/// `importfeed check`: the author's audit of a draft's links, or the nightly audit of the archive.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check the links of drafts or of the whole archive.",
        discussion: """
            Checks every http(s) link of the named files (or, with --config and no FILE, of the inputs \
            config.json names) with libcurl, each address once however many issues cite it: HEAD first, \
            a GET cut off at its first byte when a server refuses HEAD, redirects followed, 429 and 503 \
            retried honouring Retry-After, failed connections retried, a stalled answer not waited for \
            twice. A link is dead only on 404, 410 or an unknown host; timeouts, 403s, rate limits, \
            redirect loops and answers that are not valid HTTP are "could not verify" and never make \
            the check fail; a transfer that failed is never "alive". A soft 404 — a deep link \
            permanently redirected to its site's home or login page, or a page that reads like what \
            its host answers for an address that cannot exist (one such request per host whose links \
            all answer 200) — is "probably dead", a warning. Every link of the input is checked, \
            wherever it stands (notes, stories, the tale). Links in plain text carry no address and are \
            counted apart.

            Exit status: 0 when no link is dead (warnings — moved, probably dead, wrong paper — leave \
            it 0), 1 when some are, 2 for usage or input errors (a file \
            that is no issue, or holds no link), 3 when no link at all could be verified (offline?).
            """
    )

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case text, json, sarif }

    @Option(name: .long, help: "The configuration file whose inputs to check when no FILE is named.")
    var config: String?

    @Option(name: .long, help: "Report format: text, json or sarif (SARIF 2.1.0, for CI annotations).")
    var format: OutputFormat = .text

    @Option(name: .long, help: "Requests under way at once, in all (default 32, or config.json's link_check).")
    var maxConcurrency: Int?

    @Option(name: .long, help: "Requests under way at once to one host (default 4).")
    var hostConcurrency: Int?

    @Option(name: .long, help: "Seconds between two requests to one host (default 0).")
    var hostRequestInterval: Double?

    @Option(name: .long, help: "Seconds one request may take (default 20).")
    var timeout: Double?

    @Option(name: .long, help: "Retries of a request that timed out, failed to connect, or got 429/503 (default 2).")
    var maxRetries: Int?

    @Option(name: .long, help: ArgumentHelp("Skip addresses this regular expression matches (anywhere in them); may be repeated, and adds to config.json's link_check.exclude.", valueName: "REGEX"))
    var exclude: [String] = []

    @Flag(name: .long, help: "For each dead or probably dead link, ask the Wayback Machine for the archived copy closest to its issue's date (config.json: link_check.wayback_api).")
    var suggest = false

    @Flag(name: .long, help: "Ignore the cache config.json names: check every link now, and keep no results.")
    var noCache = false

    @Argument(help: "Drafts or issue files (text, Markdown, HTML) whose links to check.")
    var files: [String] = []

    func validate() throws {
        guard !files.isEmpty || config != nil else {
            throw ValidationError("Name the FILEs to check, or --config to check the archive config.json names.")
        }
        guard (maxConcurrency ?? 1) >= 1, (hostConcurrency ?? 1) >= 1, (timeout ?? 1) > 0, (maxRetries ?? 0) >= 0,
              (hostRequestInterval ?? 0) >= 0 else {
            throw ValidationError("Limits must be positive: --max-concurrency, --host-concurrency and --timeout above 0.")
        }
        for pattern in exclude where (try? NSRegularExpression(pattern: pattern)) == nil {
            throw ValidationError("--exclude \"\(pattern)\" is not a regular expression.")
        }
    }

    func run() async throws {
        var standardError = StandardError()
        var configuration: SiteConfiguration?
        if let config {
            do {
                configuration = try SiteConfiguration.load(path: config)
            } catch {
                print("importfeed: error: \(error)", to: &standardError)
                throw ExitCode(2)
            }
        }
        guard let links = Self.citedLinks(in: files.isEmpty ? configuration?.inputs ?? [] : files) else {
            throw ExitCode(2)
        }

        let linkCheck = configuration?.linkCheck ?? LinkCheckConfiguration()
        let cache = noCache ? nil : linkCheck.cacheFile.map { LinkCheckCache(path: $0, maxAge: linkCheck.cacheMaxAge) }
        // A progress line on a terminal only: done/total, the rate, the slowest address still under way.
        let started = Date()
        let progressLine: @Sendable (LinkChecker.Progress) -> Void = { progress in
            var standardError = StandardError()
            let rate = Double(progress.done) / max(Date().timeIntervalSince(started), 0.001)
            var line = "\r\u{1B}[2Kchecking links: \(progress.done)/\(progress.total), \(String(format: "%.1f", rate))/s"
            if let slowest = progress.slowestPending, slowest.seconds >= 2 {
                line += ", waiting \(Int(slowest.seconds)) s for \(LinkReport.escapingControlCharacters(slowest.url))"
            }
            print(line, terminator: progress.done == progress.total ? "\n" : "", to: &standardError)
        }
        let showProgress = isatty(STDERR_FILENO) == 1 ? progressLine : nil
        let outcome: LinkAudit.Outcome
        do {
            outcome = try await LinkAudit(settings: settings(from: linkCheck))
                .run(links, cache: cache, progress: showProgress)
        } catch {
            print("importfeed: error: \(error)", to: &standardError)
            throw ExitCode(2)
        }
        for warning in outcome.warnings { print("importfeed: warning: \(warning)", to: &standardError) }
        switch format {
        case .text: FileHandle.standardOutput.write(Data(outcome.report.text.utf8))
        case .json: outcome.report.writeJSON { FileHandle.standardOutput.write(Data($0)) }
        case .sarif:
            var data = try outcome.report.sarif(toolVersion: ImportFeedVersion.current)
            data.append(0x0A)
            FileHandle.standardOutput.write(data)
        }
        if outcome.report.hasDeadLinks { throw ExitCode(1) }
        if outcome.report.nothingVerified { throw ExitCode(3) }
    }

    /// Every link of the issues in `paths`, read as `parse` reads them (a file that is no issue, or
    /// cannot be read, is an error here too, as is a file with no link); nil after printing the
    /// errors. Only the links outlive the call: the issues' text is freed before the links are
    /// gathered, and the issues themselves before any link is checked.
    private static func citedLinks(in paths: [String]) -> [CitedLink]? {
        var standardError = StandardError()
        var (files, errors) = ArchiveParser().issuesByFile(paths: paths)
        var failed = !errors.isEmpty
        for error in errors { print("importfeed: error: \(error)", to: &standardError) }
        for file in files where CitedLink.count(of: file.issues) == 0 {
            print("importfeed: error: \(file.file): no link to check", to: &standardError)
            failed = true
        }
        if failed { return nil }
        let issues = files.flatMap(\.issues)
        files = []
        return CitedLink.links(takenFrom: issues)
    }

    /// config.json's link_check settings, with the command line's flags on top.
    private func settings(from configuration: LinkCheckConfiguration) -> LinkCheckConfiguration {
        var settings = configuration
        settings.maxConcurrency = maxConcurrency ?? configuration.maxConcurrency
        settings.hostConcurrency = hostConcurrency ?? configuration.hostConcurrency
        settings.hostRequestInterval = hostRequestInterval ?? configuration.hostRequestInterval
        settings.timeout = timeout ?? configuration.timeout
        settings.maxRetries = maxRetries ?? configuration.maxRetries
        settings.exclude = configuration.exclude + exclude
        settings.suggest = suggest || configuration.suggest
        return settings
    }
}
