import ImportFeedConfig
import Foundation
import IssueModel

/// One audit: the cited links, a cache consulted and refreshed, one check per address left.
public struct LinkAudit: Sendable {
    public var settings: LinkCheckConfiguration

    public init(settings: LinkCheckConfiguration) {
        self.settings = settings
    }

    /// What an audit found, and what it has to say about the cache.
    public struct Outcome: Sendable {
        public var report: LinkReport
        public var warnings: [String]
    }

    /// Checks `links`, reusing fresh results from `cache` and saving the new ones to it.
    /// - Throws: nothing on link failures (those are verdicts); only when libcurl cannot start.
    public func run(_ links: [CitedLink], cache: LinkCheckCache?,
                    progress: (@Sendable (LinkChecker.Progress) -> Void)? = nil) async throws -> Outcome {
        var warnings: [String] = cache?.warning.map { [$0] } ?? []
        var results: [LinkAddress: LinkCheckResult] = [:]
        var toCheck: [LinkAddress] = []
        toCheck.reserveCapacity(links.count)
        let exclusions = settings.exclude.compactMap { try? NSRegularExpression(pattern: $0) }
        var seen = Set<LinkAddress>(minimumCapacity: links.count)
        for address in links.lazy.compactMap(\.address) where seen.insert(address).inserted {
            let range = NSRange(address.url.startIndex..., in: address.url)
            if let pattern = exclusions.first(where: { $0.firstMatch(in: address.url, range: range) != nil }) {
                results[address] = LinkCheckResult(verdict: .excluded, status: 0,
                                                   reason: "excluded by \"\(pattern.pattern)\"", requests: 0)
            } else if let cached = cache?.result(for: address) {
                results[address] = cached
            } else {
                toCheck.append(address)
            }
        }
        seen = []
        if !toCheck.isEmpty {
            guard let checker = LinkChecker(settings: settings) else { throw LinkAuditError.curlUnavailable }
            let checked = await checker.check(unique: toCheck, progress: progress)
            checker.shutdown()
            // No copy when everything was checked now (a 20,000-link audit's results are megabytes).
            if results.isEmpty { results = checked } else { results.merge(checked) { _, new in new } }
            if var cache {
                cache.record(checked)
                do {
                    try cache.save()
                } catch {
                    warnings.append("the link cache could not be written: \(error)")
                }
            }
        }
        if settings.suggest, let warning = await suggestingArchivedCopies(for: links, in: &results) {
            warnings.append(warning)
        }
        return Outcome(report: LinkReport(links: links, results: results), warnings: warnings)
    }
}

extension LinkAudit {
    /// With `suggest` on: each dead or probably dead address gets the archived copy closest to the
    /// date of the first issue that cites it (the page as the author saw it), when the archive has one.
    /// Returns a warning when the archive could not be asked about some of them.
    func suggestingArchivedCopies(for links: [CitedLink], in results: inout [LinkAddress: LinkCheckResult]) async -> String? {
        var days: [LinkAddress: IssueDate?] = [:]
        for link in links {
            guard let address = link.address, let verdict = results[address]?.verdict,
                  verdict == .dead || verdict == .probablyDead else { continue }
            // The earliest day of the issues that cite it (an issue without a date only when none has one).
            switch (days[address], link.date) {
            case (nil, let date): days[address] = .some(date)
            case (.some(nil), let date?): days[address] = .some(date)
            case (.some(let known?), let date?) where date < known: days[address] = .some(date)
            default: break
            }
        }
        guard !days.isEmpty, let checker = LinkChecker(settings: settings) else { return nil }
        defer { checker.shutdown() }
        let answer = await checker.archivedCopies(of: days)
        for (address, copy) in answer.copies { results[address]?.suggestion = copy }
        guard answer.failed > 0 else { return nil }
        return "no archived copy could be looked up for \(answer.failed) of \(days.count) dead link\(days.count == 1 ? "" : "s")"
            + " (\(settings.waybackAPI): \(answer.firstFailure ?? "no answer"))"
    }
}

public enum LinkAuditError: Error, CustomStringConvertible {
    case curlUnavailable

    public var description: String { LinkChecker.curlProblem ?? "libcurl could not be started" }
}
