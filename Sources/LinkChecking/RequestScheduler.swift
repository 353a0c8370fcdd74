/// Admits requests so that no more than `maxTotal` are under way at once, no more than `maxPerHost`
/// to one host, and requests to one host start at least `interval` apart.
///
/// A freed slot is handed straight to the first waiter that fits, counted for it before it runs, so
/// that no capacity is lost between waking a waiter and its taking the slot.
actor RequestScheduler {
    private let maxTotal: Int
    private let maxPerHost: Int
    private let interval: Duration
    private var total = 0
    private var perHost: [String: Int] = [:]
    private var nextStart: [String: ContinuousClock.Instant] = [:]
    private var waiting: [(host: String, continuation: CheckedContinuation<Void, Never>)] = []

    init(maxTotal: Int, maxPerHost: Int, interval: Double) {
        self.maxTotal = max(1, maxTotal)
        self.maxPerHost = max(1, maxPerHost)
        self.interval = .milliseconds(Int(max(0, interval) * 1000))
    }

    /// Waits for a slot for `host` (and for the host's interval), then holds it until ``release(host:)``.
    /// A `followUp` (a retry, a redirect, a GET after a refused HEAD) waits at the front of the queue:
    /// finishing links already started keeps the end of a run short.
    func acquire(host: String, followUp: Bool = false) async {
        if fits(host) {
            take(host)
        } else {
            // `release` takes the slot for us before resuming.
            await withCheckedContinuation { continuation in
                if followUp {
                    waiting.insert((host, continuation), at: 0)
                } else {
                    waiting.append((host, continuation))
                }
            }
        }
        let now = ContinuousClock.now
        let start = max(now, nextStart[host] ?? now)
        nextStart[host] = start + interval
        if start > now { try? await Task.sleep(until: start, clock: .continuous) }
    }

    func release(host: String) {
        total -= 1
        perHost[host, default: 1] -= 1
        while let index = waiting.firstIndex(where: { fits($0.host) }) {
            let waiter = waiting.remove(at: index)
            take(waiter.host)
            waiter.continuation.resume()
        }
    }

    private func fits(_ host: String) -> Bool {
        total < maxTotal && perHost[host, default: 0] < maxPerHost
    }

    private func take(_ host: String) {
        total += 1
        perHost[host, default: 0] += 1
    }
}
