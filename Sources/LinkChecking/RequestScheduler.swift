/// Admits requests so that no more than `maxTotal` are under way at once, no more than `maxPerHost`
/// to one host, and requests to one host start at least `interval` apart.
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
    func acquire(host: String) async {
        while total >= maxTotal || perHost[host, default: 0] >= maxPerHost {
            await withCheckedContinuation { waiting.append((host, $0)) }
        }
        total += 1
        perHost[host, default: 0] += 1
        let now = ContinuousClock.now
        let start = max(now, nextStart[host] ?? now)
        nextStart[host] = start + interval
        if start > now { try? await Task.sleep(until: start, clock: .continuous) }
    }

    func release(host: String) {
        total -= 1
        perHost[host, default: 1] -= 1
        // Wake the first waiter that can now go; it checks again when it runs.
        if let index = waiting.firstIndex(where: { perHost[$0.host, default: 0] < maxPerHost }) {
            waiting.remove(at: index).continuation.resume()
        }
    }
}
