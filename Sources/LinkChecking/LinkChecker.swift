import ImportFeedConfig
import IssueModel
import Foundation
import Synchronization

/// Checks addresses and gives each one verdict, asking as little of each server as it can: HEAD
/// first, GET (cut off at the first byte) only when a server refuses HEAD; redirects followed with
/// the chain kept and loops detected; 429 and 503 retried honouring Retry-After; timeouts and
/// connection failures retried a bounded number of times. Only a 404, a 410, an unknown host or a
/// missing arXiv paper makes a link dead; anything uncertain is "could not verify".
public final class LinkChecker: Sendable {
    public let settings: LinkCheckConfiguration
    private let engine: CurlMultiEngine
    /// Admits the requests made from tasks (the arXiv API, archived copies); links are admitted on
    /// the engine's thread (``ProbeRun``).
    private let scheduler: RequestScheduler

    /// How far a run has got, for a progress line.
    public struct Progress: Sendable {
        public var done: Int
        public var total: Int
        /// The address under way for the longest time, and for how many seconds.
        public var slowestPending: (url: String, seconds: Double)?
    }

    /// Nil when libcurl cannot be started.
    public init?(settings: LinkCheckConfiguration = LinkCheckConfiguration()) {
        guard let engine = CurlMultiEngine(maxConnections: settings.maxConcurrency,
                                           maxConnectionsPerHost: settings.hostConcurrency) else { return nil }
        self.settings = settings
        self.engine = engine
        scheduler = RequestScheduler(maxTotal: settings.maxConcurrency, maxPerHost: settings.hostConcurrency,
                                     interval: settings.hostRequestInterval)
    }

    /// Why libcurl could not be loaded (it is loaded when the first checker starts), or nil.
    public static var curlProblem: String? { CurlMultiEngine.curlProblem }

    /// Stops the engine once nothing is under way.
    public func shutdown() { engine.shutdown() }

    /// Checks every address once, concurrently within the limits. `progress` is called as links
    /// finish (on the engine's thread).
    public func check(_ addresses: [LinkAddress], progress: (@Sendable (Progress) -> Void)? = nil) async
        -> [LinkAddress: LinkCheckResult] {
        var seen = Set<LinkAddress>(minimumCapacity: addresses.count)
        let unique = addresses.filter { seen.insert($0).inserted }
        return Dictionary(uniqueKeysWithValues: zip(unique, await check(unique: unique, progress: progress)))
    }

    /// ``check(_:progress:)`` for addresses known to hold no repeats: the results in their order
    /// (an array, not a table: a 20,000-link audit holds it to the end).
    func check(unique: [LinkAddress], progress: (@Sendable (Progress) -> Void)?) async -> [LinkCheckResult] {
        let deadline = ContinuousClock.now + .milliseconds(Int(settings.deadline * 1000))
        let papers = unique.indices.filter { unique[$0].arxivID != nil }
        let jobs = Self.interleavedByHost(unique.indices.filter { unique[$0].arxivID == nil }, of: unique)
            .map { ProbeRun.Job(address: unique[$0], verdictIndex: $0) }
        // Progress counts the papers (answered in batches) beside the pages.
        let papersDone = Counter()
        let pageProgress = progress.map { Self.counting(papersDone, total: unique.count, into: $0) }
        // arXiv papers: one API request per batch (the batches the API cannot answer fall back to page
        // requests), beside the pages' run on the engine's thread, fed host after host in turn.
        async let paperResults = checkPapers(papers.map { unique[$0] }, deadline: deadline, counting: papersDone)
        var results = await engine.run(jobs, settings: settings, deadline: deadline, progress: pageProgress,
                                       verdictCount: unique.count)
        let paperIndex = Dictionary(uniqueKeysWithValues: papers.map { (unique[$0], $0) })
        for (address, result) in await paperResults {
            if let index = paperIndex[address] { results[index] = result }
        }
        if let progress, jobs.isEmpty, !papers.isEmpty {
            progress(Progress(done: unique.count, total: unique.count, slowestPending: nil))
        }
        if settings.soft404Probe { results = await findingSoftNotFound(results, of: unique, deadline: deadline) }
        Self.suspectingOfflineResolver(&results, of: unique)
        return results
    }

    /// A page run's progress with the papers done added, out of every address.
    private static func counting(_ papers: Counter, total: Int, into report: @escaping @Sendable (Progress) -> Void)
        -> @Sendable (Progress) -> Void {
        { pages in
            var all = pages
            all.done += papers.value
            all.total = total
            report(all)
        }
    }

    static let unknownHostReason = "unknown host: "

    /// `addresses` reordered so that hosts take turns: one of each host, then a second of each…
    static func interleavedByHost(_ addresses: [LinkAddress]) -> [LinkAddress] {
        interleavedByHost(Array(addresses.indices), of: addresses).map { addresses[$0] }
    }

    /// The `indices` of `addresses` in the order ``interleavedByHost(_:)`` gives their addresses.
    static func interleavedByHost(_ indices: [Int], of addresses: [LinkAddress]) -> [Int] {
        var byHost: [String: [Int]] = [:]
        var order: [String] = []
        for index in indices.sorted(by: { addresses[$0].url < addresses[$1].url }) {
            let host = addresses[index].host
            if byHost[host] == nil { order.append(host) }
            byHost[host, default: []].append(index)
        }
        var result: [Int] = []
        result.reserveCapacity(indices.count)
        var round = 0
        var active = order
        while !active.isEmpty {
            for host in active { result.append(byHost[host]![round]) }
            round += 1
            // Hosts run out one by one: each round visits only those with addresses left.
            active.removeAll { round >= byHost[$0]!.count }
        }
        return result
    }

    /// Every paper through the arXiv API, in batches at once, each batch counted in `done` when answered.
    private func checkPapers(_ papers: [LinkAddress], deadline: ContinuousClock.Instant, counting done: Counter) async
        -> [(LinkAddress, LinkCheckResult)] {
        let batchSize = max(1, settings.arxivBatchSize)
        return await withTaskGroup(of: [(LinkAddress, LinkCheckResult)].self) { group in
            for start in stride(from: 0, to: papers.count, by: batchSize) {
                let batch = Array(papers[start..<min(start + batchSize, papers.count)])
                group.addTask {
                    let checked = await self.checkPaperBatch(batch, deadline: deadline)
                    done.add(checked.count)
                    return checked
                }
            }
            var all: [(LinkAddress, LinkCheckResult)] = []
            for await checked in group { all += checked }
            return all
        }
    }

    /// One batch of papers through the arXiv API: known IDs alive, unknown ones dead; page requests
    /// when the API fails.
    private func checkPaperBatch(_ papers: [LinkAddress], deadline: ContinuousClock.Instant) async
        -> [(LinkAddress, LinkCheckResult)] {
        let ids = papers.compactMap(\.arxivID)
        let host = URLComponents(string: settings.arxivAPI)?.host ?? settings.arxivAPI
        await scheduler.acquire(host: host)
        let known = await ArxivBatch.knownPapers(ids, endpoint: settings.arxivAPI, perform: engine.perform,
                                                 timeout: settings.timeout)
        await scheduler.release(host: host)
        guard let known else {
            let verdicts = await engine.run(papers.map { ProbeRun.Job(address: $0) }, settings: settings, deadline: deadline,
                                            progress: nil)
            return Array(zip(papers, verdicts))
        }
        return papers.enumerated().map { index, paper in
            let id = paper.arxivID ?? ""
            let title = known[id]
            // The one API request is counted against the batch's first paper.
            var result = LinkCheckResult(verdict: title != nil ? .alive : .dead, status: title != nil ? 200 : 404,
                                         reason: title != nil ? "arXiv \(id): listed by the arXiv API"
                                             : "arXiv \(id): no such paper in the arXiv API",
                                         requests: index == 0 ? 1 : 0)
            result.paperTitle = title.flatMap { $0.isEmpty ? nil : $0 }
            return (paper, result)
        }
    }

    /// When no host resolved at all (and several were tried), the machine's network or DNS is the
    /// likelier culprit than every site vanishing at once: those links could not be verified.
    /// `results` are those of `addresses`, in their order.
    static func suspectingOfflineResolver(_ results: inout [LinkCheckResult], of addresses: [LinkAddress]) {
        guard results.allSatisfy({ $0.verdict == .dead && $0.failure == .unknownHost }),
              Set(addresses.lazy.map(\.host)).count >= 2 else { return }
        for index in results.indices {
            results[index].verdict = .unverified
            results[index].reason = "no host could be resolved; the network or DNS may be down (\(results[index].reason))"
        }
    }

    // MARK: - Soft 404s

    /// Asks each host whose links all answered 2xx for an address that cannot exist; where the host
    /// answers that with a 2xx too, its links that land where that address lands, or whose pages carry
    /// the same `<title>`, become "probably dead". One probe per such host; the links' pages are read
    /// (their first 64 KB) only on a host whose probe answered in place with a title.
    private func findingSoftNotFound(_ results: [LinkCheckResult], of addresses: [LinkAddress],
                                     deadline: ContinuousClock.Instant) async -> [LinkCheckResult] {
        // Each host with the indices of its addresses.
        let hosts = SoftNotFound.hostsAnsweringOnlyOK(addresses, results)
        guard !hosts.isEmpty else { return results }
        let token = String(UInt64.random(in: 0...UInt64.max), radix: 36)
        let origins = hosts.keys.sorted()
        let probes = origins.compactMap { LinkAddress(SoftNotFound.probeAddress(for: $0, token: token)) }
        guard probes.count == origins.count else { return results }
        // A second opinion, not the audit itself: short waits, no retries, so that a slow host adds
        // seconds at most to the author's audit.
        var quick = settings
        quick.timeout = min(settings.timeout, SoftNotFound.requestTimeout)
        quick.connectTimeout = min(settings.connectTimeout, SoftNotFound.requestTimeout)
        quick.maxRetries = 0
        let answers = await engine.run(probes.map { ProbeRun.Job(address: $0, bodyLimit: SoftNotFound.titleBodyLimit) },
                                       settings: quick, deadline: deadline, progress: nil)
        // An honest host says 404 (or anything but 2xx): its links stand as they are.
        var notFound: [String: SoftNotFound.NotFoundAnswer] = [:]
        for (origin, (probe, answer)) in zip(origins, zip(probes, answers)) where answer.verdict == .alive {
            notFound[origin] = SoftNotFound.NotFoundAnswer(probe: probe.url, finalURL: answer.finalURL ?? probe.url,
                                                           title: answer.pageTitle)
        }
        // The pages whose titles are compared: on hosts that answered in place with a title.
        let suspects = notFound.keys.sorted().flatMap { origin in
            hosts[origin, default: []].sorted { addresses[$0].url < addresses[$1].url }
        }
        let titled = suspects.filter { notFound[addresses[$0].origin].map { $0.answeredInPlace && $0.title != nil } ?? false }
        let pagesRead = titled.map { index in LinkAddress(results[index].finalURL ?? addresses[index].url) ?? addresses[index] }
        let titles = await engine.run(pagesRead.map { ProbeRun.Job(address: $0, bodyLimit: SoftNotFound.titleBodyLimit) },
                                      settings: quick, deadline: deadline, progress: nil)
        var titleOf = Dictionary(zip(titled, titles.map(\.pageTitle)), uniquingKeysWith: { first, _ in first })
        // A host whose every page carries its not-found page's title (a site that answers every address
        // with one shell page, titled alike) gives nothing away by titles: its links are left alone.
        for (origin, answer) in notFound {
            let hostTitles = hosts[origin, default: []].map { titleOf[$0] ?? nil }
            if !SoftNotFound.titlesTellPagesApart(hostTitles, notFoundTitle: answer.title) {
                for index in hosts[origin, default: []] { titleOf[index] = .some(nil) }
            }
        }
        var judged = results
        for index in suspects {
            guard let answer = notFound[addresses[index].origin],
                  let verdict = SoftNotFound.verdict(for: results[index], at: addresses[index], notFound: answer,
                                                     pageTitle: titleOf[index] ?? nil)
            else { continue }
            judged[index] = verdict
        }
        return judged
    }

    // MARK: - Archived copies

    /// What the archive said of the addresses it was asked about.
    public struct ArchivedCopies: Sendable {
        /// The copy closest to each address's day, for the addresses the archive has one of.
        public var copies: [LinkAddress: ArchivedCopy] = [:]
        /// Queries that got no usable answer (no connection, an error status, not the API's JSON),
        /// and what the first of them got.
        public var failed = 0
        public var firstFailure: String?
    }

    /// For each address (with the day of the issue that cites it), the archived copy closest to that
    /// day, from the Wayback Machine's availability API.
    public func archivedCopies(of addresses: [LinkAddress: IssueDate?]) async -> ArchivedCopies {
        var answer = ArchivedCopies()
        await withTaskGroup(of: (LinkAddress, Result<ArchivedCopy?, WaybackFailure>).self) { group in
            for (address, day) in addresses {
                guard let query = Wayback.query(endpoint: settings.waybackAPI, address: address.url, day: day) else { continue }
                group.addTask {
                    let host = URLComponents(string: query)?.host ?? query
                    await self.scheduler.acquire(host: host)
                    let response = await self.engine.perform(ProbeRequest(url: query, method: .get,
                                                                          connectTimeout: self.settings.connectTimeout,
                                                                          timeout: self.settings.timeout, bodyLimit: 1 << 16))
                    await self.scheduler.release(host: host)
                    if let failure = response.failure { return (address, .failure(WaybackFailure(reason: failure.message))) }
                    guard response.status == 200 else { return (address, .failure(WaybackFailure(reason: "HTTP \(response.status)"))) }
                    guard let snapshots = Wayback.answer(response.body) else {
                        return (address, .failure(WaybackFailure(reason: "an answer that is not the availability API's JSON")))
                    }
                    return (address, .success(snapshots))
                }
            }
            for await (address, result) in group {
                switch result {
                case .success(let copy?): answer.copies[address] = copy
                case .success(nil): break
                case .failure(let failure):
                    answer.failed += 1
                    if answer.firstFailure == nil { answer.firstFailure = failure.reason }
                }
            }
        }
        return answer
    }

    private struct WaybackFailure: Error {
        var reason: String
    }

    /// "owner/name" when a GitHub repository's address redirects to another repository's.
    static func repositoryMove(from original: String, to final: String) -> String? {
        func repository(_ url: String) -> String? {
            guard let components = URLComponents(string: url), let host = components.host?.lowercased(),
                  host == "github.com" || host == "www.github.com" else { return nil }
            let parts = components.path.split(separator: "/").prefix(2)
            return parts.count == 2 ? parts.joined(separator: "/") : nil
        }
        guard let from = repository(original), let to = repository(final), from.lowercased() != to.lowercased() else { return nil }
        return to
    }

    /// Retry-After as seconds from `now`: a number of seconds, or an HTTP date.
    static func retryAfter(_ value: String?, now: Date) -> Double? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        if let seconds = Double(value), seconds >= 0 { return seconds }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: value) else { return nil }
        return max(0, date.timeIntervalSince(now))
    }
}

/// A count shared by tasks.
private final class Counter: Sendable {
    private let count = Mutex(0)

    var value: Int { count.withLock { $0 } }

    func add(_ amount: Int) { count.withLock { $0 += amount } }
}

extension Duration {
    /// The duration in seconds, fractions included.
    var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
