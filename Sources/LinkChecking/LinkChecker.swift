import ImportFeedConfig
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
            for await batch in group {
                for (address, result) in batch { results[address] = result }
                if let progress { progress(self.progress(done: results.count, total: unique.count)) }
                if let next = queue.popFirst() {
                    group.addTask { [(next, await self.check(next, deadline: deadline))] }
                }
            }
        }
        return Self.suspectingOfflineResolver(results)
    }

    static let unknownHostReason = "unknown host: "

    /// `addresses` reordered so that hosts take turns: one of each host, then a second of each…
    static func interleavedByHost(_ addresses: [LinkAddress]) -> [LinkAddress] {
        var byHost: [String: [LinkAddress]] = [:]
        var order: [String] = []
        for address in addresses.sorted(by: { $0.url < $1.url }) {
            let host = URLComponents(string: address.url)?.host ?? address.url
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
        let hosts = Set(results.keys.compactMap { URLComponents(string: $0.url)?.host })
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
        var result = await follow(address, deadline: deadline)
        underWay.withLock { _ = $0.removeValue(forKey: address.url) }
        result.seconds = (ContinuousClock.now - started).inSeconds
        return result
    }

    /// The requests one address takes to its verdict.
    private func follow(_ address: LinkAddress, deadline: ContinuousClock.Instant) async -> LinkCheckResult {
        let budgetEnd = ContinuousClock.now + .milliseconds(Int(settings.linkBudget * 1000))
        var current = address.url
        var method = ProbeRequest.Method.head
        var chain: [String] = []
        var permanentSoFar = true
        var requests = 0
        var retries = 0
        var lastStatus = 0

        var lastFailure: ProbeFailure.Kind?

        func result(_ verdict: LinkCheckResult.Verdict, _ reason: String) -> LinkCheckResult {
            LinkCheckResult(verdict: verdict, status: lastStatus, finalURL: chain.isEmpty ? nil : current,
                            reason: reason, requests: requests, redirects: chain, failure: lastFailure)
        }

        // However a server answers, one address never costs more than this many requests.
        let requestLimit = settings.maxRedirects + 2 * settings.maxRetries + 4
        while true {
            guard requests < requestLimit else {
                return result(.unverified, "gave up after \(requests) requests")
            }
            guard ContinuousClock.now < deadline else {
                return result(.unverified, requests == 0 ? "the run's deadline passed before this link was checked"
                    : "the run's deadline passed while checking it, after \(requests) request\(requests == 1 ? "" : "s")")
            }
            guard ContinuousClock.now < budgetEnd else {
                return result(.unverified, "spent its time budget (\(Self.seconds(settings.linkBudget))) after \(requests) request\(requests == 1 ? "" : "s")")
            }
            let host = URLComponents(string: current)?.host ?? current
            await scheduler.acquire(host: host, followUp: requests > 0)
            let response = await engine.perform(ProbeRequest(url: current, method: method,
                                                             connectTimeout: settings.connectTimeout,
                                                             timeout: settings.timeout))
            await scheduler.release(host: host)
            requests += 1
            lastStatus = response.status

            // curl's result code first: a transfer that failed is never "alive", whatever status line
            // arrived before it broke (a reset in the headers, a header block too large, a trickle).
            if let failure = response.failure {
                lastFailure = failure.kind
                let answered = response.status > 0 ? " after an HTTP \(response.status) status line" : ""
                switch failure.kind {
                case .unknownHost:
                    return result(.dead, Self.unknownHostReason + failure.message)
                case .unsupportedScheme:
                    return result(.unverified, "not an http(s) address: \(current)")
                case .badResponse:
                    return result(.unverified, "the server's answer is not valid HTTP\(answered): \(failure.message)")
                case .connectionFailed:
                    // A failed connection is worth trying again; a server that answers too slowly is not
                    // worth another full wait.
                    if retries < settings.maxRetries {
                        retries += 1
                        await pause(settings.retryBackoff * pow(2, Double(retries - 1)))
                        continue
                    }
                    return result(.unverified, "the connection failed\(answered): \(failure.message) (\(retries + 1) tries)")
                case .timedOut:
                    return result(.unverified, "no complete answer within \(Self.seconds(settings.timeout))\(answered)")
                case .tls, .other:
                    return result(.unverified, failure.message + answered)
                }
            }
            lastFailure = nil

            switch response.status {
            case 200..<300:
                if chain.isEmpty { return result(.alive, "\(response.status) OK") }
                return permanentSoFar
                    ? result(.moved, Self.repositoryMove(from: address.url, to: current).map { "the repository moved to \($0)" }
                                 ?? "moved permanently to \(current)")
                    : result(.alive, "\(response.status) after \(chain.count) redirect\(chain.count == 1 ? "" : "s")")
            case 300..<400 where response.redirectURL != nil:
                let target = response.redirectURL!
                chain.append(current)
                if response.status != 301 && response.status != 308 { permanentSoFar = false }
                // A loop: an address asked for twice already. Once more is allowed, because a cookie set
                // on the way (the run keeps a cookie jar) may change the answer the second time.
                if chain.filter({ $0 == target }).count >= 2 {
                    current = target
                    // A loop says nothing of whether the page exists (many loop only for a client without
                    // cookies): it could not be verified, never "dead".
                    return result(.unverified, "redirect loop: \((chain + [target]).joined(separator: " → "))")
                }
                guard chain.count <= settings.maxRedirects else {
                    return result(.unverified, "more than \(settings.maxRedirects) redirects")
                }
                guard let next = LinkAddress(target) else {
                    current = target
                    return result(.unverified, "redirects to a non-http(s) address: \(target)")
                }
                current = next.url
                method = .head
                retries = 0
            case let status where method == .head && [400, 403, 405, 501].contains(status):
                // The server refuses HEAD (or says so in its own way): ask with a GET cut off at one byte.
                method = .get
            case 400, 403, 405, 501:
                // ... and it refuses the GET too.
                return result(.unverified, "\(response.status) to both HEAD and GET")
            case 404:
                return result(.dead, "404 Not Found")
            case 410:
                return result(.dead, "410 Gone")
            case 429, 503:
                let wait = Self.retryAfter(response.retryAfter) ?? settings.retryBackoff * pow(2, Double(retries))
                let budgetLeft = (budgetEnd - ContinuousClock.now).inSeconds
                if retries < settings.maxRetries && wait <= settings.retryAfterCap && wait < budgetLeft {
                    retries += 1
                    await pause(wait)
                    continue
                }
                return result(.unverified, "\(response.status) \(response.status == 429 ? "Too Many Requests" : "Service Unavailable") after \(retries + 1) tries")
            case 401:
                return result(.unverified, "401: the server asks for a login")
            default:
                return result(.unverified, "HTTP \(response.status)")
            }
        }
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

    /// Retry-After as seconds: a number of seconds, or an HTTP date.
    static func retryAfter(_ value: String?) -> Double? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        if let seconds = Double(value), seconds >= 0 { return seconds }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: value) else { return nil }
        return max(0, date.timeIntervalSinceNow)
    }

    private static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }
}

extension Duration {
    /// The duration in seconds, fractions included.
    var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
