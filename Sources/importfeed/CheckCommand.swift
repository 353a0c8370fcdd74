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
            retried honouring Retry-After. A link is dead only on 404, 410 or an unknown host; timeouts, \
            403s and rate limits are "could not verify" and never make the check fail. Links in plain \
            text carry no address and are counted apart.

            Exit status: 0 when no link is dead, 1 when some are, 2 for usage or input errors.
            """
    )

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Option(name: .long, help: "The configuration file whose inputs to check when no FILE is named.")
    var config: String?

    @Option(name: .long, help: "Report format: text or json.")
    var format: OutputFormat = .text

    @Option(name: .long, help: "Requests under way at once, in all.")
    var maxConcurrency = 32

    @Option(name: .long, help: "Requests under way at once to one host.")
    var hostConcurrency = 4

    @Option(name: .long, help: "Seconds between two requests to one host.")
    var hostRequestInterval = 0.0

    @Option(name: .long, help: "Seconds one request may take.")
    var timeout = 20.0

    @Option(name: .long, help: "Retries of a request that timed out, failed to connect, or got 429/503.")
    var maxRetries = 2

    @Argument(help: "Drafts or issue files (text, Markdown, HTML) whose links to check.")
    var files: [String] = []

    func validate() throws {
        guard !files.isEmpty || config != nil else {
            throw ValidationError("Name the FILEs to check, or --config to check the archive config.json names.")
        }
        guard maxConcurrency >= 1, hostConcurrency >= 1, timeout > 0, maxRetries >= 0, hostRequestInterval >= 0 else {
            throw ValidationError("Limits must be positive: --max-concurrency, --host-concurrency and --timeout above 0.")
        }
    }

    func run() async throws {
        var standardError = StandardError()
        var paths = files
        if paths.isEmpty, let config {
            do {
                paths = try SiteConfiguration.load(path: config).inputs
            } catch {
                print("importfeed: error: \(error)", to: &standardError)
                throw ExitCode(2)
            }
        }
        var issues: [Issue] = []
        var failed = false
        for path in ArchiveParser.expandInputs(paths) {
            do {
                let document = try ArchiveParser().readDocument(path: path)
                issues += IssueRecognizer().recognize(document).issues
            } catch {
                print("importfeed: error: \(error)", to: &standardError)
                failed = true
            }
        }
        if failed { throw ExitCode(2) }

        var settings = LinkCheckSettings()
        settings.maxConcurrency = maxConcurrency
        settings.hostConcurrency = hostConcurrency
        settings.hostRequestInterval = hostRequestInterval
        settings.timeout = timeout
        settings.maxRetries = maxRetries
        guard let checker = LinkChecker(settings: settings) else {
            print("importfeed: error: libcurl could not be started", to: &standardError)
            throw ExitCode(2)
        }
        let links = CitedLink.links(of: issues)
        let addresses = links.compactMap(\.address)
        let showProgress = isatty(STDERR_FILENO) == 1
        let results = await checker.check(addresses) { done, total in
            if showProgress {
                var standardError = StandardError()
                print("\rchecking links: \(done)/\(total)", terminator: done == total ? "\n" : "", to: &standardError)
            }
        }
        checker.shutdown()
        let report = LinkReport(links: links, results: results)
        switch format {
        case .text:
            FileHandle.standardOutput.write(Data(report.text.utf8))
        case .json:
            var data = try report.json()
            data.append(0x0A)
            FileHandle.standardOutput.write(data)
        }
        if report.hasDeadLinks { throw ExitCode(1) }
    }
}
