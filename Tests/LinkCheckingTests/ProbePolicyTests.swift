import Foundation
import ImportFeedConfig
@testable import LinkChecking
import Testing

/// The probe policy without a network or a clock: each test plays a server's answers to it and
/// reads the requests it asks for, the waits it names and its verdict.
struct ProbePolicyTests {
    static let now = Date(timeIntervalSince1970: 1_780_000_000)

    /// Plays `answers` to a policy for `url`, one per request, each arriving `step` seconds after the
    /// previous one plus the wait the policy asked for; returns the requests sent (with their waits)
    /// and the verdict.
    static func play(_ url: String = "https://example.org/papers/scaling", answers: [ProbeResponse],
                     settings: LinkCheckConfiguration = LinkCheckConfiguration(), secondsToDeadline: Double = .infinity,
                     step: Double = 0.1) throws -> (sent: [(ProbeRequest, Double)], result: LinkCheckResult) {
        var policy = ProbePolicy(address: try #require(LinkAddress(url)), settings: settings,
                                 secondsToDeadline: secondsToDeadline)
        var sent: [(ProbeRequest, Double)] = []
        var elapsed = 0.0
        var next = policy.start()
        var remaining = answers[...]
        while true {
            switch next {
            case .verdict(let result):
                #expect(remaining.isEmpty, "answers left over: the policy stopped early")
                return (sent, result)
            case .send(let request, let wait):
                sent.append((request, wait))
                elapsed += wait + step
                let popped = remaining.popFirst()
                let answer = try #require(popped, "the policy asked for more than the \(answers.count) answers")
                next = policy.next(after: answer, elapsed: elapsed, now: now)
            }
        }
    }

    static func status(_ code: Int, to location: String? = nil, retryAfter: String? = nil) -> ProbeResponse {
        ProbeResponse(status: code, redirectURL: location, retryAfter: retryAfter)
    }

    static func failed(_ kind: ProbeFailure.Kind, status: Int = 0) -> ProbeResponse {
        ProbeResponse(status: status, failure: ProbeFailure(kind: kind, code: 0, message: "\(kind)"))
    }

    @Test func headFirstThenAGetWhenHeadIsRefused() throws {
        let alive = try Self.play(answers: [Self.status(200)])
        #expect(alive.result.verdict == .alive)
        #expect(alive.sent.map(\.0.method) == [.head])
        #expect(alive.sent.first?.0.bodyLimit == 0, "a probe keeps no body")

        for refusal in [400, 403, 405, 501] {
            let played = try Self.play(answers: [Self.status(refusal), Self.status(200)])
            #expect(played.result.verdict == .alive)
            #expect(played.sent.map(\.0.method) == [.head, .get])
        }
        let bothRefused = try Self.play(answers: [Self.status(403), Self.status(403)])
        #expect(bothRefused.result.verdict == .unverified)
        #expect(bothRefused.result.reason == "403 to both HEAD and GET")
    }

    @Test func onlyNotFoundGoneAndUnknownHostsAreDead() throws {
        #expect(try Self.play(answers: [Self.status(404)]).result.verdict == .dead)
        #expect(try Self.play(answers: [Self.status(410)]).result.verdict == .dead)
        #expect(try Self.play(answers: [Self.failed(.unknownHost)]).result.verdict == .dead)
        for status in [401, 500, 418] {
            #expect(try Self.play(answers: [Self.status(status)]).result.verdict == .unverified)
        }
    }

    @Test func aFailedTransferIsNeverAliveWhateverStatusCameFirst() throws {
        for kind: ProbeFailure.Kind in [.badResponse, .timedOut, .tls, .other] {
            let played = try Self.play(answers: [Self.failed(kind, status: 200)])
            #expect(played.result.verdict == .unverified)
            #expect(played.result.failure == kind)
            #expect(played.sent.count == 1)
        }
        let reset = try Self.play(answers: Array(repeating: Self.failed(.connectionFailed, status: 200), count: 3))
        #expect(reset.result.verdict == .unverified)
        #expect(reset.result.reason.contains("after an HTTP 200 status line"))
    }

    @Test func failedConnectionsAreRetriedWithBackoffButAStallIsNot() throws {
        var settings = LinkCheckConfiguration()
        settings.retryBackoff = 0.5
        settings.maxRetries = 2
        let played = try Self.play(answers: [Self.failed(.connectionFailed), Self.failed(.connectionFailed), Self.status(200)],
                                   settings: settings)
        #expect(played.result.verdict == .alive)
        #expect(played.sent.map(\.1) == [0, 0.5, 1.0], "waits double")

        let stalled = try Self.play(answers: [Self.failed(.timedOut)], settings: settings)
        #expect(stalled.sent.count == 1, "a read timeout is not worth another full wait")
        #expect(stalled.result.reason == "no complete answer within 20 s")
    }

    @Test func rateLimitsWaitAsTheServerAsksWithinTheCapAndTheBudget() throws {
        let honoured = try Self.play(answers: [Self.status(429, retryAfter: "3"), Self.status(200)])
        #expect(honoured.result.verdict == .alive)
        #expect(honoured.sent.map(\.1) == [0, 3])

        let date = try Self.play(answers: [Self.status(503, retryAfter: "Thu, 28 May 2026 20:26:50 GMT"), Self.status(200)])
        #expect(date.sent.map(\.1) == [0, 10], "an HTTP date is read against the time the policy is told")

        let tooLong = try Self.play(answers: [Self.status(429, retryAfter: "120")])
        #expect(tooLong.result.verdict == .unverified)
        #expect(tooLong.result.reason == "429 Too Many Requests after 1 tries")

        var settings = LinkCheckConfiguration()
        settings.linkBudget = 2
        let overBudget = try Self.play(answers: [Self.status(429, retryAfter: "5")], settings: settings)
        #expect(overBudget.sent.count == 1, "a wait the budget cannot afford ends the retries")
    }

    @Test func theBudgetAndTheDeadlineStopAnyFurtherRequest() throws {
        var settings = LinkCheckConfiguration()
        settings.linkBudget = 1
        settings.retryBackoff = 0.5
        let played = try Self.play(answers: [Self.failed(.connectionFailed), Self.failed(.connectionFailed)],
                                   settings: settings, step: 0.3)
        #expect(played.result.reason.hasPrefix("spent its time budget (1 s) after 2 requests"))

        let late = try Self.play(answers: [], secondsToDeadline: 0)
        #expect(late.result.reason == "the run's deadline passed before this link was checked")
        #expect(late.result.requests == 0)
    }

    @Test func aRequestThatWaitedTooLongForItsSlotNeverGoesOut() throws {
        var settings = LinkCheckConfiguration()
        settings.linkBudget = 5
        let policy = ProbePolicy(address: try #require(LinkAddress("https://example.org/a")), settings: settings,
                                 secondsToDeadline: 3)
        #expect(policy.expiry(at: 2.9) == nil)
        #expect(policy.expiry(at: 3)?.reason == "the run's deadline passed before this link was checked")
        let longRun = ProbePolicy(address: try #require(LinkAddress("https://example.org/a")), settings: settings)
        #expect(longRun.expiry(at: 5)?.reason == "spent its time budget (5 s) after 0 requests")
    }

    @Test func redirectsAreFollowedAndAPermanentChainIsAMove() throws {
        let moved = try Self.play(answers: [Self.status(301, to: "https://example.org/papers/scaling-v2"), Self.status(200)])
        #expect(moved.result.verdict == .moved)
        #expect(moved.result.finalURL == "https://example.org/papers/scaling-v2")
        #expect(moved.sent.map(\.0.url) == ["https://example.org/papers/scaling", "https://example.org/papers/scaling-v2"])

        let temporary = try Self.play(answers: [Self.status(302, to: "https://example.org/"), Self.status(200)])
        #expect(temporary.result.verdict == .alive, "a temporary redirect says nothing of the page's fate")

        let renamed = try Self.play("https://github.com/old-owner/tool",
                                    answers: [Self.status(301, to: "https://github.com/new-owner/tool"), Self.status(200)])
        #expect(renamed.result.reason == "the repository moved to new-owner/tool")

        let elsewhere = try Self.play(answers: [Self.status(301, to: "mailto:someone@example.org")])
        #expect(elsewhere.result.verdict == .unverified)
    }

    @Test func aLoopEndsWhenAnAddressComesRoundAThirdTime() throws {
        let a = "https://example.org/papers/scaling", b = "https://example.org/gate"
        let played = try Self.play(answers: [Self.status(302, to: b), Self.status(302, to: a), Self.status(302, to: b),
                                             Self.status(302, to: a)])
        #expect(played.result.verdict == .unverified)
        #expect(played.result.reason.hasPrefix("redirect loop: "))
        #expect(played.sent.count == 4)
    }

    @Test func aDeepLinkSentForGoodToItsSitesHomeOrLoginPageIsProbablyDead() throws {
        let home = try Self.play(answers: [Self.status(301, to: "https://example.org/"), Self.status(200)])
        #expect(home.result.verdict == .probablyDead)
        #expect(home.result.reason.contains("the site's home page"))

        let login = try Self.play(answers: [Self.status(308, to: "https://example.org/users/sign_in?return=%2Fpapers"),
                                            Self.status(200)])
        #expect(login.result.verdict == .probablyDead)
        #expect(login.result.reason.contains("a login page"))

        let newDomain = try Self.play("https://old.example.org/",
                                      answers: [Self.status(301, to: "https://example.com/"), Self.status(200)])
        #expect(newDomain.result.verdict == .moved, "a front page that moved to another front page moved")

        let indexPage = try Self.play("https://example.org/index.html",
                                      answers: [Self.status(301, to: "https://example.org/"), Self.status(200)])
        #expect(indexPage.result.verdict == .moved)

        let temporary = try Self.play(answers: [Self.status(302, to: "https://example.org/login"), Self.status(200)])
        #expect(temporary.result.verdict == .alive, "only a permanent redirect says the page is gone")
    }

    @Test func aPageReadForItsTitleIsFetchedWithGets() throws {
        var policy = ProbePolicy(address: try #require(LinkAddress("https://example.org/a")), settings: LinkCheckConfiguration(),
                                 bodyLimit: SoftNotFound.titleBodyLimit)
        guard case .send(let request, _) = policy.start() else { Issue.record("no request"); return }
        #expect(request.method == .get)
        #expect(request.bodyLimit == 65_536)
        var page = ProbeResponse(status: 200)
        page.body = Array("<html><head><title>Not &amp; found</title>".utf8)
        guard case .verdict(let result) = policy.next(after: page, elapsed: 0.1, now: Self.now) else {
            Issue.record("no verdict")
            return
        }
        #expect(result.pageTitle == "Not & found")
    }

    @Test func noAddressCostsMoreThanItsRequestLimit() throws {
        var settings = LinkCheckConfiguration()
        settings.maxRedirects = 2
        settings.maxRetries = 1
        // Each hop refuses HEAD, rate-limits the GET once, then redirects: retries start afresh on each
        // hop, so only the limit (redirects + 2 × retries + 4 = 8) ends it.
        func hop(_ next: String) -> [ProbeResponse] {
            [Self.status(405), Self.status(429, retryAfter: "0"), Self.status(302, to: next)]
        }
        let answers = hop("https://example.org/one") + hop("https://example.org/two") + hop("https://example.org/three").prefix(2)
        let played = try Self.play(answers: Array(answers), settings: settings)
        #expect(played.result.reason == "gave up after 8 requests")
    }
}
