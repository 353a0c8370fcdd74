import Foundation
import ImportFeedConfig

/// The decisions that take one address to its verdict, as a pure state machine: it is told what
/// each request got and how long the link has taken, and answers with the next request to send (and
/// how long to wait first) or with the verdict. It never touches a network or a clock, so every rule
/// — HEAD then GET, redirects and loops, which failures are retried, the time budget — is tested
/// without either; ``LinkChecker`` only executes it.
///
/// The rules: HEAD first, a GET cut off at its first byte when a server refuses HEAD (400, 403, 405,
/// 501); redirects followed one request at a time, a loop reported when an address comes round a
/// third time (a cookie set on the way may change the second answer); curl's result first — a
/// transfer that failed is never alive; failed connections and 429/503 retried (Retry-After
/// honoured up to a cap), a stalled answer never waited for twice; only 404, 410 or an unknown host
/// make a link dead; a permanent redirect of a deep link to its site's home or login page is
/// "probably dead".
public struct ProbePolicy: Sendable {
    /// What to do next.
    public enum Step: Sendable, Hashable {
        /// Wait `after` seconds (0 for at once), then send `request`.
        case send(ProbeRequest, after: Double)
        /// The link's verdict: nothing more to send.
        case verdict(LinkCheckResult)
    }

    public let address: LinkAddress
    public let settings: LinkCheckConfiguration
    /// Seconds from the link's start at which the run's deadline passes.
    public let deadline: Double
    /// Body bytes each request keeps: 0 for a probe (HEAD, or a GET cut off at its first byte); more
    /// for a page whose `<title>` is wanted (always a GET then).
    public let bodyLimit: Int

    private var current: String
    /// The host of the address asked for next.
    public private(set) var currentHost: String
    private var method: ProbeRequest.Method
    private var chain: [String] = []
    private var permanentSoFar = true
    private var requests = 0
    private var retries = 0
    private var lastStatus = 0
    private var lastFailure: ProbeFailure.Kind?
    private var lastBody: [UInt8] = []

    /// - Parameters:
    ///   - secondsToDeadline: how long the run has left when the link starts.
    ///   - bodyLimit: 0 to probe (HEAD first); above 0 to fetch that much of the page with GETs.
    public init(address: LinkAddress, settings: LinkCheckConfiguration, secondsToDeadline: Double = .infinity,
                bodyLimit: Int = 0) {
        self.address = address
        self.settings = settings
        self.deadline = secondsToDeadline
        self.bodyLimit = bodyLimit
        current = address.url
        currentHost = address.host
        method = bodyLimit > 0 ? .get : .head
    }

    /// The first step, at the link's start.
    public mutating func start() -> Step {
        send(after: 0, at: 0)
    }

    /// Requests sent so far.
    public var requestsSent: Int { requests }

    /// The step after `response`, `elapsed` seconds after the link's start; `now` reads a Retry-After
    /// given as an HTTP date.
    public mutating func next(after response: ProbeResponse, elapsed: Double, now: Date) -> Step {
        requests += 1
        lastStatus = response.status
        lastBody = response.body

        // curl's result code first: a transfer that failed is never "alive", whatever status line
        // arrived before it broke (a reset in the headers, a header block too large, a trickle).
        if let failure = response.failure {
            lastFailure = failure.kind
            let answered = response.status > 0 ? " after an HTTP \(response.status) status line" : ""
            switch failure.kind {
            case .unknownHost:
                return verdict(.dead, LinkChecker.unknownHostReason + failure.message)
            case .unsupportedScheme:
                return verdict(.unverified, "not an http(s) address: \(current)")
            case .badResponse:
                return verdict(.unverified, "the server's answer is not valid HTTP\(answered): \(failure.message)")
            case .connectionFailed:
                // A failed connection is worth trying again; a server that answers too slowly is not
                // worth another full wait.
                guard retries < settings.maxRetries else {
                    return verdict(.unverified, "the connection failed\(answered): \(failure.message) (\(retries + 1) tries)")
                }
                retries += 1
                return send(after: settings.retryBackoff * pow(2, Double(retries - 1)), at: elapsed)
            case .timedOut:
                return verdict(.unverified, "no complete answer within \(Self.seconds(settings.timeout))\(answered)")
            case .tls, .other:
                return verdict(.unverified, failure.message + answered)
            }
        }
        lastFailure = nil

        switch response.status {
        case 200..<300:
            return arrived(status: response.status)
        case 300..<400 where response.redirectURL != nil:
            return redirected(to: response.redirectURL!, status: response.status, at: elapsed)
        case let status where method == .head && [400, 403, 405, 501].contains(status):
            // The server refuses HEAD (or says so in its own way): ask with a GET cut off at one byte.
            method = .get
            return send(after: 0, at: elapsed)
        case 400, 403, 405, 501:
            // ... and it refuses the GET too.
            return verdict(.unverified, "\(response.status) to both HEAD and GET")
        case 404:
            return verdict(.dead, "404 Not Found")
        case 410:
            return verdict(.dead, "410 Gone")
        case 429, 503:
            let wait = LinkChecker.retryAfter(response.retryAfter, now: now) ?? settings.retryBackoff * pow(2, Double(retries))
            let budgetLeft = settings.linkBudget - elapsed
            guard retries < settings.maxRetries, wait <= settings.retryAfterCap, wait < budgetLeft else {
                return verdict(.unverified, "\(response.status) \(response.status == 429 ? "Too Many Requests" : "Service Unavailable") after \(retries + 1) tries")
            }
            retries += 1
            return send(after: wait, at: elapsed)
        case 401:
            return verdict(.unverified, "401: the server asks for a login")
        default:
            return verdict(.unverified, "HTTP \(response.status)")
        }
    }

    // MARK: - The cases

    /// A 2xx answer at the end of the chain.
    private func arrived(status: Int) -> Step {
        if chain.isEmpty { return verdict(.alive, "\(status) OK") }
        guard permanentSoFar else {
            return verdict(.alive, "\(status) after \(chain.count) redirect\(chain.count == 1 ? "" : "s")")
        }
        if let landing = SoftNotFound.deletedPageLanding(from: address.url, to: current) {
            return verdict(.probablyDead, "moved permanently to \(landing), not to a page of its own: \(current)")
        }
        if let repository = LinkChecker.repositoryMove(from: address.url, to: current) {
            return verdict(.moved, "the repository moved to \(repository)")
        }
        return verdict(.moved, "moved permanently to \(current)")
    }

    private mutating func redirected(to target: String, status: Int, at elapsed: Double) -> Step {
        chain.append(current)
        if status != 301 && status != 308 { permanentSoFar = false }
        // A loop: an address asked for twice already. Once more is allowed, because a cookie set on the
        // way (the run keeps a cookie jar) may change the answer the second time.
        if chain.filter({ $0 == target }).count >= 2 {
            current = target
            // A loop says nothing of whether the page exists (many loop only for a client without
            // cookies): it could not be verified, never "dead".
            return verdict(.unverified, "redirect loop: \((chain + [target]).joined(separator: " → "))")
        }
        guard chain.count <= settings.maxRedirects else {
            return verdict(.unverified, "more than \(settings.maxRedirects) redirects")
        }
        guard let next = LinkAddress(target) else {
            current = target
            return verdict(.unverified, "redirects to a non-http(s) address: \(target)")
        }
        current = next.url
        currentHost = next.host
        method = bodyLimit > 0 ? .get : .head
        retries = 0
        return send(after: 0, at: elapsed)
    }

    /// The next request, after `wait` seconds — unless the link's request limit, the run's deadline
    /// or the link's time budget would pass first.
    private func send(after wait: Double, at elapsed: Double) -> Step {
        // However a server answers, one address never costs more than this many requests.
        let requestLimit = settings.maxRedirects + 2 * settings.maxRetries + 4
        guard requests < requestLimit else {
            return verdict(.unverified, "gave up after \(requests) requests")
        }
        if let expired = expiry(at: elapsed + wait) { return .verdict(expired) }
        return .send(ProbeRequest(url: current, method: method, connectTimeout: settings.connectTimeout,
                                  timeout: settings.timeout, bodyLimit: bodyLimit), after: wait)
    }

    /// The verdict when a request can no longer go out `elapsed` seconds after the link's start —
    /// the run's deadline or the link's time budget has passed (while it waited for a slot, say) —;
    /// nil while it may.
    public func expiry(at elapsed: Double) -> LinkCheckResult? {
        let plural = requests == 1 ? "" : "s"
        let reason: String
        if elapsed >= deadline {
            reason = requests == 0 ? "the run's deadline passed before this link was checked"
                : "the run's deadline passed while checking it, after \(requests) request\(plural)"
        } else if elapsed >= settings.linkBudget {
            reason = "spent its time budget (\(Self.seconds(settings.linkBudget))) after \(requests) request\(plural)"
        } else {
            return nil
        }
        guard case .verdict(let result) = verdict(.unverified, reason) else { return nil }
        return result
    }

    private func verdict(_ verdict: LinkCheckResult.Verdict, _ reason: String) -> Step {
        var result = LinkCheckResult(verdict: verdict, status: lastStatus, finalURL: chain.isEmpty ? nil : current,
                                     reason: reason, requests: requests, redirects: chain, failure: lastFailure)
        if bodyLimit > 0 { result.pageTitle = SoftNotFound.title(in: lastBody) }
        return .verdict(result)
    }

    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }
}
