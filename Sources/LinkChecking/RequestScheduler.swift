/// Admits the requests made from tasks (the arXiv API, archived-copy queries, single checks) within
/// the limits of ``HostSlots``, and starts requests to one host at least `interval` apart: a task
/// waits here, suspended, until its request may be sent.
actor RequestScheduler {
    private var slots: HostSlots<CheckedContinuation<Void, Never>>
    private let interval: Duration
    private var nextStart: [String: ContinuousClock.Instant] = [:]

    init(maxTotal: Int, maxPerHost: Int, interval: Double) {
        slots = HostSlots(maxTotal: maxTotal, maxPerHost: maxPerHost)
        self.interval = .milliseconds(Int(max(0, interval) * 1000))
    }

    /// Waits for a slot for `host` (and for the host's interval), then holds it until ``release(host:)``.
    /// A `followUp` waits at the front of its host's queue.
    func acquire(host: String, followUp: Bool = false) async {
        if !slots.takeIfFree(host: host) {
            // `admitWaiters` takes the slot for us before resuming.
            await withCheckedContinuation { continuation in
                slots.enqueue(continuation, host: host, followUp: followUp)
                admitWaiters()
            }
        }
        guard interval > .zero else { return }
        let now = ContinuousClock.now
        let start = max(now, nextStart[host] ?? now)
        nextStart[host] = start + interval
        if start > now { try? await Task.sleep(until: start, clock: .continuous) }
    }

    func release(host: String) {
        slots.release(host: host)
        admitWaiters()
    }

    private func admitWaiters() {
        while let (_, waiter) = slots.admit() { waiter.resume() }
    }
}
