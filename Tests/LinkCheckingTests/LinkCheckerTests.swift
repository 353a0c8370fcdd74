import ImportFeedConfig
import IssueModel
import Foundation
@testable import LinkChecking
import LoopbackTestServer
import Synchronization
import Testing

/// Verdicts and request counts against the loopback server: each case says what the checker
/// concluded and how many requests the server saw.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct LinkCheckerTests {
    static func settings() -> LinkCheckConfiguration {
        var settings = LinkCheckConfiguration()
        settings.timeout = 1
        settings.connectTimeout = 1
        settings.retryBackoff = 0.05
        return settings
    }

    static func check(_ paths: [String], on server: LoopbackServer, settings: LinkCheckConfiguration = settings())
        async throws -> [String: LinkCheckResult] {
        let checker = try #require(LinkChecker(settings: settings))
        defer { checker.shutdown() }
        let addresses = try paths.map { try #require(LinkAddress(server.url($0))) }
        let results = await checker.check(addresses)
        var byPath: [String: LinkCheckResult] = [:]
        for (path, address) in zip(paths, addresses) { byPath[path] = results[address] }
        return byPath
    }

    @Test func verdictsAndRequests() async throws {
        let server = try LoopbackServer()
        let paths = ["/ok", "/missing", "/gone", "/moved", "/temporary", "/nohead", "/forbidden-head", "/loop-a",
                     "/to-ftp", "/slow"]
        let results = try await Self.check(paths, on: server)
        func verdict(_ path: String) -> LinkCheckResult.Verdict? { results[path]?.verdict }

        #expect(verdict("/ok") == .alive)
        #expect(results["/ok"]?.requests == 1)
        #expect(try server.requests("HEAD /ok") >= 1)
        #expect(try server.requests("GET /ok") == 0)

        #expect(verdict("/missing") == .dead)
        #expect(results["/missing"]?.reason == "404 Not Found")
        #expect(verdict("/gone") == .dead)

        #expect(verdict("/moved") == .moved)
        #expect(results["/moved"]?.finalURL == server.url("/ok"))
        #expect(results["/moved"]?.requests == 2)
        #expect(verdict("/temporary") == .alive)

        #expect(verdict("/nohead") == .alive)
        #expect(results["/nohead"]?.requests == 2)
        #expect(try server.requests("GET /nohead") == 1)
        #expect(verdict("/forbidden-head") == .alive)

        // A loop proves nothing about the page: could not verify, never dead.
        #expect(verdict("/loop-a") == .unverified)
        #expect(results["/loop-a"]?.reason.hasPrefix("redirect loop") == true)
        #expect(results["/loop-a"]?.requests == 4, "each address asked for twice: a cookie may change the answer")

        #expect(verdict("/to-ftp") == .unverified)
        #expect(results["/to-ftp"]?.reason.contains("ftp://") == true)

        #expect(verdict("/slow") == .unverified)
        #expect(results["/slow"]?.requests == 1, "a read timeout is not worth two more full waits")
    }

    @Test func aLinkNeverTakesMoreThanItsBudget() async throws {
        let server = try LoopbackServer()
        var settings = Self.settings()
        settings.linkBudget = 0.5
        settings.maxRetries = 5
        // /busy answers 429 with Retry-After: 1: a wait longer than the budget left ends the link.
        let started = ContinuousClock.now
        let results = try await Self.check(["/busy"], on: server, settings: settings)
        #expect(results["/busy"]?.verdict == .unverified)
        #expect(results["/busy"]?.requests == 1, "no retry the budget cannot afford")
        #expect(ContinuousClock.now - started < .seconds(3), "five retries after Retry-After: 1 would take 5 s")
    }

    @Test func cookiesSetOnOneHopComeBackOnTheNext() async throws {
        let server = try LoopbackServer()
        let results = try await Self.check(["/cookie-gate"], on: server)
        #expect(results["/cookie-gate"]?.verdict == .alive, "\(results["/cookie-gate"].map { "\($0)" } ?? "")")
        #expect(results["/cookie-gate"]?.requests == 2, "the redirect, then the page with its cookie")
    }

    @Test func aTransferThatFailedIsNeverAlive() async throws {
        let server = try LoopbackServer()
        let paths = ["/reset-in-headers", "/closed-in-headers", "/huge-headers", "/trickle", "/http09", "/bad-status"]
        let results = try await Self.check(paths, on: server)
        for path in paths {
            #expect(results[path]?.verdict == .unverified, "\(path): \(results[path].map { "\($0)" } ?? "no result")")
        }
        #expect(results["/reset-in-headers"]?.failure == .connectionFailed)
        #expect(results["/closed-in-headers"]?.failure == .connectionFailed)
        #expect(results["/trickle"]?.failure == .timedOut)
        #expect(results["/trickle"]?.requests == 1, "a stalled answer is not waited for again")
        #expect(results["/http09"]?.failure == .badResponse)
        #expect(results["/http09"]?.reason.contains("not valid HTTP") == true)
        #expect(results["/bad-status"]?.failure == .badResponse)
        #expect(results.values.allSatisfy { !$0.reason.contains("not an http(s) address") })
    }

    @Test func textAServerControlsIsPrintedWithControlCharactersEscaped() async throws {
        let server = try LoopbackServer()
        let results = try await Self.check(["/escape"], on: server)
        let address = try #require(LinkAddress(server.url("/escape")))
        let result = try #require(results["/escape"])
        let cited = CitedLink(link: Link(text: "Read more", url: server.url("/escape"),
                                         location: SourceLocation(file: "d.md", line: 1)),
                              issue: "Import AI 1", story: "A story", address: address)
        let text = LinkReport(links: [cited], results: [address: result]).text
        #expect(!text.unicodeScalars.contains { $0.value == 0x1B }, "an escape sequence reached the report")
        #expect(text.contains("\\u{1B}[31mred"))
    }

    @Test func theReportEndsWithTheSlowestHostsAndProgressNamesTheSlowestPending() async throws {
        let server = try LoopbackServer()
        let checker = try #require(LinkChecker(settings: Self.settings()))
        defer { checker.shutdown() }
        let addresses = try ["/slow", "/ok"].map { try #require(LinkAddress(server.url($0))) }
        let seen = Mutex<[LinkChecker.Progress]>([])
        let results = await checker.check(addresses) { progress in seen.withLock { $0.append(progress) } }
        #expect(try #require(results[addresses[0]]).seconds >= 0.9)
        let progress = seen.withLock { $0 }
        #expect(progress.map(\.done) == [1, 2])
        #expect(progress.first?.slowestPending?.url == addresses[0].url, "the slow one was still under way")
        let cited = addresses.map {
            CitedLink(link: Link(text: "x", url: $0.url, location: SourceLocation(file: "d.md", line: 1)),
                      issue: "Import AI 1", story: "S", address: $0)
        }
        let text = LinkReport(links: cited, results: results).text
        #expect(text.contains("slowest hosts: 127.0.0.1"))
    }

    @Test func hostsTakeTurns() throws {
        let addresses = try ["https://a.org/1", "https://a.org/2", "https://a.org/3", "https://b.org/1", "https://c.org/1",
                             "https://c.org/2"].map { try #require(LinkAddress($0)) }
        #expect(LinkChecker.interleavedByHost(addresses).map(\.url)
                    == ["https://a.org/1", "https://b.org/1", "https://c.org/1", "https://a.org/2", "https://c.org/2", "https://a.org/3"])
    }

    /// The order in which waiters got their slots.
    actor Admissions {
        var names: [String] = []
        func add(_ name: String) { names.append(name) }
    }

    @Test func theSchedulerKeepsEveryLimitAndServesHostsInTurn() async {
        let scheduler = RequestScheduler(maxTotal: 2, maxPerHost: 1, interval: 0)
        let admissions = Admissions()
        await scheduler.acquire(host: "a")
        await scheduler.acquire(host: "b")
        // Both slots are taken: these wait, two for a, then one for c, queued in that order.
        var waiters: [Task<Void, Never>] = []
        for (host, name) in [("a", "a2"), ("a", "a3"), ("c", "c1")] {
            waiters.append(Task {
                await scheduler.acquire(host: host)
                await admissions.add(name)
            })
            try? await Task.sleep(for: .milliseconds(30))
        }
        #expect(await admissions.names.isEmpty)
        // A freed slot goes to the host that has waited longest with room for one more: c (a was
        // at its own limit when c queued).
        await scheduler.release(host: "a")
        try? await Task.sleep(for: .milliseconds(100))
        let first = await admissions.names
        #expect(first == ["c1"], "\(first)")
        await scheduler.release(host: "b")
        try? await Task.sleep(for: .milliseconds(100))
        #expect(await admissions.names == ["c1", "a2"], "then a, its first waiter first")
        // a is at its limit again: a3 waits for a's own slot, even when c's frees first.
        await scheduler.release(host: "c")
        try? await Task.sleep(for: .milliseconds(100))
        #expect(await admissions.names == ["c1", "a2"])
        await scheduler.release(host: "a")
        for waiter in waiters { await waiter.value }
        #expect(await admissions.names == ["c1", "a2", "a3"])
    }

    @Test func aRepositoryRenamedOnGitHubSaysWhereItMoved() {
        #expect(LinkChecker.repositoryMove(from: "https://github.com/old-owner/tool", to: "https://github.com/new-owner/tool-2")
                    == "new-owner/tool-2")
        #expect(LinkChecker.repositoryMove(from: "https://github.com/a/b", to: "https://github.com/a/b/tree/main") == nil)
        #expect(LinkChecker.repositoryMove(from: "https://example.org/a/b", to: "https://example.org/c/d") == nil)
    }

    @Test func anAuditWithNothingVerifiedSaysSo() {
        let cited = (1...2).map { index in
            CitedLink(link: Link(text: "x", url: "https://example.org/\(index)", location: SourceLocation(file: "d.md", line: index)),
                      issue: "Import AI 1", story: "S", address: LinkAddress("https://example.org/\(index)"))
        }
        let offline = LinkCheckResult(verdict: .unverified, status: 0, reason: "no host could be resolved", requests: 1)
        let report = LinkReport(links: cited, results: Dictionary(uniqueKeysWithValues: cited.map { ($0.address!, offline) }))
        #expect(report.nothingVerified)
        var mixed = Dictionary(uniqueKeysWithValues: cited.map { ($0.address!, offline) })
        mixed[cited[0].address!] = LinkCheckResult(verdict: .alive, status: 200, reason: "200 OK", requests: 1)
        #expect(!LinkReport(links: cited, results: mixed).nothingVerified)
    }

    @Test func rateLimitsAreRetriedHonouringRetryAfter() async throws {
        let server = try LoopbackServer()
        let started = ContinuousClock.now
        let results = try await Self.check(["/retry-429", "/retry-503", "/always-429"], on: server)
        #expect(results["/retry-429"]?.verdict == .alive)
        #expect(results["/retry-429"]?.requests == 2)
        #expect(ContinuousClock.now - started >= .seconds(1), "Retry-After: 1 was honoured")
        #expect(results["/retry-503"]?.verdict == .alive)
        #expect(results["/always-429"]?.verdict == .unverified)
        #expect(results["/always-429"]?.requests == 3)
    }

    @Test func aTooLongRetryAfterEndsTheRetries() async throws {
        let server = try LoopbackServer()
        var settings = Self.settings()
        settings.retryAfterCap = 0.5
        let results = try await Self.check(["/retry-429"], on: server, settings: settings)
        #expect(results["/retry-429"]?.verdict == .unverified)
        #expect(results["/retry-429"]?.requests == 1)
    }

    @Test func noHostEverHasMoreConnectionsThanItsLimit() async throws {
        let server = try LoopbackServer()
        var settings = Self.settings()
        settings.maxConcurrency = 16
        settings.hostConcurrency = 2
        let checker = try #require(LinkChecker(settings: settings))
        defer { checker.shutdown() }
        // Eight distinct pages on each of three hosts, each answering after 0.2 s.
        let addresses = try (1...3).flatMap { host in
            try (0..<8).map { try #require(LinkAddress(server.url("/pause?page=\($0)", host: host))) }
        }
        let results = await checker.check(addresses)
        #expect(results.count == 24)
        #expect(results.values.allSatisfy { $0.verdict == .alive && $0.requests == 1 })
        let stats = try server.stats()
        let perHost = try #require(stats["max_open_by_host"] as? [String: Int])
        #expect(Set(perHost.keys) == ["127.0.0.1", "127.0.0.2", "127.0.0.3"])
        #expect(perHost.values.allSatisfy { $0 <= 2 }, "\(perHost)")
    }

    @Test func requestsToOneHostKeepTheirIntervalAndOthersDoNotWait() async throws {
        let server = try LoopbackServer()
        var settings = Self.settings()
        settings.hostRequestInterval = 0.3
        let checker = try #require(LinkChecker(settings: settings))
        defer { checker.shutdown() }
        let sameHost = try (0..<4).map { try #require(LinkAddress(server.url("/ok?n=\($0)"))) }
        let elsewhere = try #require(LinkAddress(server.url("/ok", host: 2)))
        let started = ContinuousClock.now
        let results = await checker.check(sameHost + [elsewhere])
        #expect(results.values.allSatisfy { $0.verdict == .alive })
        #expect(ContinuousClock.now - started >= .milliseconds(900), "four requests to one host, 0.3 s apart")
        let other = try #require(results[elsewhere])
        #expect(other.seconds < 0.3, "another host's request does not wait for this one's interval")
    }

    @Test func aRefusedConnectionIsTriedAgainAfterABackoffThenGivenUp() async throws {
        // Nothing listens on port 9 of 127.0.0.1 (discard): every connection is refused at once.
        var settings = Self.settings()
        settings.maxRetries = 2
        settings.retryBackoff = 0.2
        let checker = try #require(LinkChecker(settings: settings))
        defer { checker.shutdown() }
        let address = try #require(LinkAddress("http://127.0.0.1:9/paper"))
        let started = ContinuousClock.now
        let result = try #require(await checker.check([address])[address])
        #expect(result.verdict == .unverified)
        #expect(result.failure == .connectionFailed)
        #expect(result.requests == 3, "the first try and two retries")
        #expect(result.reason.hasSuffix("(3 tries)"))
        #expect(ContinuousClock.now - started >= .milliseconds(600), "0.2 s, then 0.4 s between the tries")
    }

    @Test func linksTheDeadlineLeavesUncheckedSaySo() async throws {
        let server = try LoopbackServer()
        var settings = Self.settings()
        settings.maxConcurrency = 1
        settings.deadline = 0.5
        let checker = try #require(LinkChecker(settings: settings))
        defer { checker.shutdown() }
        // One slot: /slow (first, its host sorting first) holds it past the deadline (it times out
        // after 1 s); the links waiting for the slot never go out.
        let slow = try #require(LinkAddress(server.url("/slow")))
        let waiting = try ["/ok", "/missing"].map { try #require(LinkAddress(server.url($0, host: 2))) }
        let results = await checker.check([slow] + waiting)
        #expect(results[slow]?.requests == 1)
        for address in waiting {
            let result = try #require(results[address])
            #expect(result.requests == 0 && result.verdict == .unverified, "\(result)")
            #expect(result.reason == "the run's deadline passed before this link was checked")
        }
        #expect(try server.requests("HEAD /ok") == 0 && server.requests("HEAD /missing") == 0)
    }

    @Test func aCheckerThatHasShutDownAnswersEveryLinkAtOnce() async throws {
        let checker = try #require(LinkChecker(settings: Self.settings()))
        checker.shutdown()
        let addresses = try ["http://127.0.0.1:9/a", "http://127.0.0.1:9/b"].map { try #require(LinkAddress($0)) }
        let results = await checker.check(addresses)
        #expect(results.count == 2)
        #expect(results.values.allSatisfy { $0.verdict == .unverified && $0.reason.contains("shut down") })
    }

    @Test func unknownHostsAreDead() async throws {
        let checker = try #require(LinkChecker(settings: Self.settings()))
        defer { checker.shutdown() }
        let address = try #require(LinkAddress("http://no-such-host.invalid/paper"))
        let result = await checker.check([address])[address]
        #expect(result?.verdict == .dead)
        #expect(result?.reason.hasPrefix("unknown host") == true)
    }

    @Test func whenNoHostResolvesTheNetworkIsSuspectedNotTheLinks() async throws {
        let checker = try #require(LinkChecker(settings: Self.settings()))
        defer { checker.shutdown() }
        let addresses = try ["http://one.invalid/", "http://two.invalid/a"].map { try #require(LinkAddress($0)) }
        let results = await checker.check(addresses)
        #expect(results.values.allSatisfy { $0.verdict == .unverified && $0.reason.contains("network or DNS") })
    }

    @Test func retryAfterReadsSecondsAndDates() {
        #expect(LinkChecker.retryAfter("7", now: Date()) == 7)
        #expect(LinkChecker.retryAfter("nonsense", now: Date()) == nil)
        let future = LinkChecker.retryAfter("Fri, 31 Dec 2099 23:59:59 GMT", now: Date()) ?? 0
        #expect(future > 1_000_000)
        #expect(LinkChecker.retryAfter("Sun, 06 Nov 1994 08:49:37 GMT", now: Date()) == 0)
    }

    @Test func addressesAreNormalisedSoEachPageIsCheckedOnce() throws {
        let a = try #require(LinkAddress("HTTPS://Example.org:443/page#section"))
        let b = try #require(LinkAddress("https://example.org/page"))
        #expect(a == b)
        let pdf = try #require(LinkAddress("https://arxiv.org/pdf/2305.01234v2.pdf"))
        let abs = try #require(LinkAddress("http://arxiv.org/abs/2305.01234v1"))
        #expect(pdf == abs)
        #expect(pdf.arxivID == "2305.01234")
        #expect(pdf.url == "https://arxiv.org/abs/2305.01234")
        #expect(LinkAddress("https://arxiv.org/abs/hep-th/9901001v3")?.arxivID == "hep-th/9901001")
        #expect(LinkAddress("mailto:jack@example.org") == nil)
        #expect(LinkAddress("javascript:alert(1)") == nil)
        #expect(LinkAddress("/relative") == nil)
        // Addresses the fast path takes and those it leaves to URLComponents agree.
        for url in ["https://example.org/a/b?c=d&e=f", "http://example.org/", "https://example.org", "https://ex.org:8080/x",
                    "https://example.org/p%20q", "https://user@example.org/", "https://example.org/a#b", " https://example.org/x ", "http://127.0.0.2:8080/ok/1", "https://a.org:443/x",
                    "http://a.org:080/x", "http://a.org:99999/x", "http://a.org:/x", "http://a.org:12/",
                    "https://EXAMPLE.org/x", "http://example.org:80/x", "https://arxiv.org/abs/2305.01234", "https://a.org/(x)'*!$,;=+~:@"] {
            let fast = LinkAddress(url), full = LinkAddress(normalizing: url)
            #expect(fast?.url == full?.url && fast?.host == full?.host, "\(url): \(String(describing: fast)) vs \(String(describing: full))")
        }
        #expect(LinkAddress.alreadyNormal("https://example.org/a/b?c=d") == 8..<19)
        // The host as the address writes it: after a user, before a port, an IPv6 one in brackets.
        #expect(LinkAddress("https://user:pw@Example.org:8443/x")?.host == "example.org")
        #expect(LinkAddress("http://[::1]:8080/x")?.host == "[::1]")
        #expect(LinkAddress("https://www.arxiv.org/pdf/2305.01234")?.host == "arxiv.org")
        #expect(LinkAddress("https://bücher.example/")?.host == "xn--bcher-kva.example")
        #expect(LinkAddress.alreadyNormal("https://example.org/a#b") == nil)
        #expect(LinkAddress("https://a.example:8443/x")?.origin == "https://a.example:8443")
    }
}
