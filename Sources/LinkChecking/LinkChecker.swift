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
    private let scheduler: RequestScheduler
    /// Addresses under way and when each began: what the progress line names as the slowest.
    private let underWay = Mutex<[String: ContinuousClock.Instant]>([:])

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

    /// Stops the engine once nothing is under way.
    public func shutdown() { engine.shutdown() }

    /// The progress of a run that has `done` of `total` addresses.
    private func progress(done: Int, total: Int) -> Progress {
        let now = ContinuousClock.now
        let oldest = underWay.withLock { $0.min { $0.value < $1.value } }
        return Progress(done: done, total: total, slowestPending: oldest.map { ($0.key, (now - $0.value).inSeconds) })
    }

    /// Checks every address once, concurrently within the limits. `progress` is called after each.
    public func check(_ addresses: [LinkAddress], progress: (@Sendable (Progress) -> Void)? = nil) async
        -> [LinkAddress: LinkCheckResult] {
        let unique = Array(Set(addresses))
        let deadline = ContinuousClock.now + .milliseconds(Int(settings.deadline * 1000))
        var results: [LinkAddress: LinkCheckResult] = [:]
        let papers = unique.filter { $0.arxivID != nil }
        let pages = unique.filter { $0.arxivID == nil }
        await withTaskGroup(of: [(LinkAddress, LinkCheckResult)].self) { group in
            // arXiv papers: one API request per batch; the batches the API cannot answer fall back
            // to page requests.
            let batchSize = max(1, settings.arxivBatchSize)
            for start in stride(from: 0, to: papers.count, by: batchSize) {
                let batch = Array(papers[start..<min(start + batchSize, papers.count)])
                group.addTask { await self.checkPapers(batch, deadline: deadline) }
            }
            // Pages: only as many tasks as the limits can run (and a few more waiting), fed host after
            // host in turn, so that 20,000 links are never 20,000 suspended tasks and a slow host
            // does not hold up the others.
            var queue = Self.interleavedByHost(pages)[...]
            let outstanding = settings.maxConcurrency * 2 + settings.hostConcurrency
            for address in queue.prefix(outstanding) {
                group.addTask { [(address, await self.check(address, deadline: deadline))] }
            }
            queue = queue.dropFirst(outstanding)
            var reported: ContinuousClock.Instant?
            for await batch in group {
                for (address, result) in batch { results[address] = result }
                // The first and the last, and between them at most ten a second: a terminal shows no more.
                if let progress, results.count == unique.count || reported.map({ ContinuousClock.now - $0 >= .milliseconds(100) }) ?? true {
                    reported = ContinuousClock.now
                    progress(self.progress(done: results.count, total: unique.count))
                }
                if let next = queue.popFirst() {
                    group.addTask { [(next, await self.check(next, deadline: deadline))] }
                }
            }
        }
        if settings.soft404Probe { results = await findingSoftNotFound(results, deadline: deadline) }
        return Self.suspectingOfflineResolver(results)
    }

    static let unknownHostReason = "unknown host: "

    /// `addresses` reordered so that hosts take turns: one of each host, then a second of each…
    static func interleavedByHost(_ addresses: [LinkAddress]) -> [LinkAddress] {
        var byHost: [String: [LinkAddress]] = [:]
        var order: [String] = []
        for address in addresses.sorted(by: { $0.url < $1.url }) {
            let host = address.host
            if byHost[host] == nil { order.append(host) }
            byHost[host, default: []].append(address)
        }
        var result: [LinkAddress] = []
        result.reserveCapacity(addresses.count)
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

    /// Papers through the arXiv API: known IDs alive, unknown ones dead; page requests when the API fails.
    private func checkPapers(_ papers: [LinkAddress], deadline: ContinuousClock.Instant) async
        -> [(LinkAddress, LinkCheckResult)] {
        let ids = papers.compactMap(\.arxivID)
        let host = URLComponents(string: settings.arxivAPI)?.host ?? settings.arxivAPI
        await scheduler.acquire(host: host)
        let known = await ArxivBatch.knownPapers(ids, endpoint: settings.arxivAPI, perform: engine.perform,
                                                 timeout: settings.timeout)
        await scheduler.release(host: host)
        guard let known else {
            var results: [(LinkAddress, LinkCheckResult)] = []
            for paper in papers { results.append((paper, await check(paper, deadline: deadline))) }
            return results
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
    static func suspectingOfflineResolver(_ results: [LinkAddress: LinkCheckResult]) -> [LinkAddress: LinkCheckResult] {
        let hosts = Set(results.keys.map(\.host))
        let unresolved = results.values.filter { $0.verdict == .dead && $0.failure == .unknownHost }
        guard hosts.count >= 2, unresolved.count == results.count else { return results }
        return results.mapValues { result in
            var result = result
            result.verdict = .unverified
            result.reason = "no host could be resolved; the network or DNS may be down (\(result.reason))"
            return result
        }
    }

    /// Follows one address to its verdict, timing it.
    func check(_ address: LinkAddress, deadline: ContinuousClock.Instant) async -> LinkCheckResult {
        let started = ContinuousClock.now
        underWay.withLock { $0[address.url] = started }
        var result = await execute(ProbePolicy(address: address, settings: settings,
                                               secondsToDeadline: (deadline - started).inSeconds))
        underWay.withLock { _ = $0.removeValue(forKey: address.url) }
        result.seconds = (ContinuousClock.now - started).inSeconds
        return result
    }

    /// Runs `policy` to its verdict: sends what it asks for, within the scheduler's limits, after the
    /// waits it names, and tells it what came back. Every decision is the policy's.
    private func execute(_ policy: ProbePolicy) async -> LinkCheckResult {
        var policy = policy
        let started = ContinuousClock.now
        var step = policy.start()
        while true {
            switch step {
            case .verdict(let result):
                return result
            case .send(let request, let wait):
                if wait > 0 { await pause(wait) }
                let host = policy.currentHost
                await scheduler.acquire(host: host, followUp: policy.requestsSent > 0)
                let response = await engine.perform(request)
                await scheduler.release(host: host)
                step = policy.next(after: response, elapsed: (ContinuousClock.now - started).inSeconds, now: Date())
            }
        }
    }

    // MARK: - Soft 404s

    /// Asks each host whose links all answered 2xx for an address that cannot exist; where the host
    /// answers that with a 2xx too, its links that land where that address lands, or whose pages carry
    /// the same `<title>`, become "probably dead". One probe per such host; the links' pages are read
    /// (their first 64 KB) only on a host whose probe answered in place with a title.
    private func findingSoftNotFound(_ results: [LinkAddress: LinkCheckResult], deadline: ContinuousClock.Instant) async
        -> [LinkAddress: LinkCheckResult] {
        let hosts = SoftNotFound.hostsAnsweringOnlyOK(results)
        guard !hosts.isEmpty else { return results }
        let token = String(UInt64.random(in: 0...UInt64.max), radix: 36)
        var judged = results
        await withTaskGroup(of: [(LinkAddress, LinkCheckResult)].self) { group in
            for (origin, links) in hosts {
                group.addTask {
                    await self.softNotFoundVerdicts(origin: origin, links: links, results: results, token: token, deadline: deadline)
                }
            }
            for await verdicts in group {
                for (address, result) in verdicts { judged[address] = result }
            }
        }
        return judged
    }

    /// The links of one host that its not-found answer shows to be probably dead.
    private func softNotFoundVerdicts(origin: String, links: [LinkAddress], results: [LinkAddress: LinkCheckResult],
                                      token: String, deadline: ContinuousClock.Instant) async -> [(LinkAddress, LinkCheckResult)] {
        let secondsLeft = { (deadline - ContinuousClock.now).inSeconds }
        guard let probe = LinkAddress(SoftNotFound.probeAddress(for: origin, token: token)) else { return [] }
        let answer = await execute(ProbePolicy(address: probe, settings: settings, secondsToDeadline: secondsLeft(),
                                               bodyLimit: SoftNotFound.titleBodyLimit))
        // An honest host says 404 (or anything but 2xx): its links stand as they are.
        guard answer.verdict == .alive else { return [] }
        let notFound = SoftNotFound.NotFoundAnswer(probe: probe.url, finalURL: answer.finalURL ?? probe.url,
                                                   title: answer.pageTitle)
        let needsTitles = notFound.answeredInPlace && notFound.title != nil
        var verdicts: [(LinkAddress, LinkCheckResult)] = []
        for address in links.sorted(by: { $0.url < $1.url }) {
            guard let result = results[address] else { continue }
            var title: String?
            if needsTitles {
                let page = LinkAddress(result.finalURL ?? address.url) ?? address
                title = await execute(ProbePolicy(address: page, settings: settings, secondsToDeadline: secondsLeft(),
                                                  bodyLimit: SoftNotFound.titleBodyLimit)).pageTitle
            }
            if let judged = SoftNotFound.verdict(for: result, at: address, notFound: notFound, pageTitle: title) {
                verdicts.append((address, judged))
            }
        }
        return verdicts
    }

    // MARK: - Archived copies

    /// For each address (with the day of the issue that cites it), the archived copy closest to that
    /// day, from the Wayback Machine's availability API; addresses with none are left out.
    public func archivedCopies(of addresses: [LinkAddress: IssueDate?]) async -> [LinkAddress: ArchivedCopy] {
        var copies: [LinkAddress: ArchivedCopy] = [:]
        await withTaskGroup(of: (LinkAddress, ArchivedCopy?).self) { group in
            for (address, day) in addresses {
                guard let query = Wayback.query(endpoint: settings.waybackAPI, address: address.url, day: day) else { continue }
                group.addTask {
                    let host = URLComponents(string: query)?.host ?? query
                    await self.scheduler.acquire(host: host)
                    let response = await self.engine.perform(ProbeRequest(url: query, method: .get,
                                                                          connectTimeout: self.settings.connectTimeout,
                                                                          timeout: self.settings.timeout, bodyLimit: 1 << 16))
                    await self.scheduler.release(host: host)
                    guard response.failure == nil, response.status == 200 else { return (address, nil) }
                    return (address, Wayback.copy(fromAnswer: response.body))
                }
            }
            for await (address, copy) in group {
                if let copy { copies[address] = copy }
            }
        }
        return copies
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

    private func pause(_ seconds: Double) async {
        try? await Task.sleep(for: .milliseconds(Int(max(0, seconds) * 1000)))
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

extension Duration {
    /// The duration in seconds, fractions included.
    var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
