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
        let (addresses, resultIndices) = Self.addresses(of: links)
        // Excluded and cached addresses have their results now; the others are checked.
        var decided: [Int: LinkCheckResult] = [:]
        let exclusions = settings.exclude.compactMap { try? NSRegularExpression(pattern: $0) }
        for (index, address) in addresses.enumerated() {
            let range = NSRange(address.url.startIndex..., in: address.url)
            if let pattern = exclusions.first(where: { $0.firstMatch(in: address.url, range: range) != nil }) {
                decided[index] = LinkCheckResult(verdict: .excluded, status: 0, reason: "excluded by \"\(pattern.pattern)\"",
                                                 requests: 0)
            } else if let cached = cache?.result(for: address) {
                decided[index] = cached
            }
        }
        var results: [LinkCheckResult]
        if decided.count == addresses.count {
            results = addresses.indices.map { decided[$0]! }
        } else {
            guard let checker = LinkChecker(settings: settings) else { throw LinkAuditError.curlUnavailable }
            // When nothing was decided (no cache, no exclusion), the checker's results are the audit's
            // as they are: a 20,000-link audit's results are megabytes.
            let toCheck = decided.isEmpty ? Array(addresses.indices) : addresses.indices.filter { decided[$0] == nil }
            let checked = await checker.check(unique: decided.isEmpty ? addresses : toCheck.map { addresses[$0] },
                                              progress: progress)
            checker.shutdown()
            if decided.isEmpty {
                results = checked
            } else {
                results = addresses.indices.map { decided[$0] ?? LinkCheckResult.pending }
                for (index, result) in zip(toCheck, checked) { results[index] = result }
            }
            if var cache {
                cache.record(zip(toCheck.lazy.map { addresses[$0] }, checked))
                do {
                    try cache.save()
                } catch {
                    warnings.append("the link cache could not be written: \(error)")
                }
            }
        }
        if settings.suggest,
           let warning = await suggestingArchivedCopies(for: links, resultIndices: resultIndices, addresses: addresses,
                                                        in: &results) {
            warnings.append(warning)
        }
        return Outcome(report: LinkReport(links: links, results: results, resultIndices: resultIndices), warnings: warnings)
    }
}

extension LinkAudit {
    /// Each address of `links` once, in the order the links first cite it, and each link's index
    /// among them (-1 for a link with no address): an audit's results are an array in that order.
    static func addresses(of links: [CitedLink]) -> (addresses: [LinkAddress], resultIndices: [Int32]) {
        var addresses: [LinkAddress] = []
        var resultIndices: [Int32] = []
        resultIndices.reserveCapacity(links.count)
        var indexOf = [LinkAddress: Int32](minimumCapacity: links.count)
        for link in links {
            guard let address = link.address else {
                resultIndices.append(-1)
                continue
            }
            if let index = indexOf[address] {
                resultIndices.append(index)
            } else {
                indexOf[address] = Int32(addresses.count)
                resultIndices.append(Int32(addresses.count))
                addresses.append(address)
            }
        }
        return (addresses, resultIndices)
    }

    /// With `suggest` on: each dead or probably dead address gets the archived copy closest to the
    /// date of the first issue that cites it (the page as the author saw it), when the archive has one.
    /// Returns a warning when the archive could not be asked about some of them.
    func suggestingArchivedCopies(for links: [CitedLink], resultIndices: [Int32], addresses: [LinkAddress],
                                  in results: inout [LinkCheckResult]) async -> String? {
        var days: [LinkAddress: IssueDate?] = [:]
        for (link, index) in zip(links, resultIndices) where index >= 0 {
            let verdict = results[Int(index)].verdict
            guard verdict == .dead || verdict == .probablyDead else { continue }
            let address = addresses[Int(index)]
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
        for (index, address) in addresses.enumerated() {
            if let copy = answer.copies[address] { results[index].suggestion = copy }
        }
        guard answer.failed > 0 else { return nil }
        return "no archived copy could be looked up for \(answer.failed) of \(days.count) dead link\(days.count == 1 ? "" : "s")"
            + " (\(settings.waybackAPI): \(answer.firstFailure ?? "no answer"))"
    }
}

public enum LinkAuditError: Error, CustomStringConvertible {
    case curlUnavailable

    public var description: String { LinkChecker.curlProblem ?? "libcurl could not be started" }
}
