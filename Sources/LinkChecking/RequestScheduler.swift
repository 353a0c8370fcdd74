/// Admits requests so that no more than `maxTotal` are under way at once, no more than `maxPerHost`
/// to one host, and requests to one host start at least `interval` apart.
///
/// Every admission is O(1): each host keeps its own queue of waiters (follow-ups first), and a
/// queue of the hosts that have waiters and a free slot says whom a freed slot goes to next, host
/// after host in turn. A freed slot is handed straight to the waiter it admits, counted for it
/// before it runs, so that no capacity is lost between waking a waiter and its taking the slot.
actor RequestScheduler {
    private let maxTotal: Int
    private let maxPerHost: Int
    private let interval: Duration
    private var total = 0
    private var hosts: [String: HostState] = [:]
    /// Hosts with waiters and a free slot, in the order they became so.
    private var ready = FIFO<String>()
    private var nextStart: [String: ContinuousClock.Instant] = [:]

    private struct HostState {
        var running = 0
        /// Retries, redirects and GETs after a refused HEAD: links already started go first.
        var followUps = FIFO<CheckedContinuation<Void, Never>>()
        var others = FIFO<CheckedContinuation<Void, Never>>()
        var isReady = false

        var hasWaiters: Bool { !followUps.isEmpty || !others.isEmpty }
    }

    init(maxTotal: Int, maxPerHost: Int, interval: Double) {
        self.maxTotal = max(1, maxTotal)
        self.maxPerHost = max(1, maxPerHost)
        self.interval = .milliseconds(Int(max(0, interval) * 1000))
    }

    /// Waits for a slot for `host` (and for the host's interval), then holds it until ``release(host:)``.
    /// A `followUp` waits at the front of its host's queue.
    func acquire(host: String, followUp: Bool = false) async {
        let admitted = updating(host) { state -> Bool in
            guard total < maxTotal, state.running < maxPerHost, !state.hasWaiters else { return false }
            state.running += 1
            return true
        }
        if admitted {
            total += 1
        } else {
            // `admit` takes the slot for us before resuming.
            await withCheckedContinuation { continuation in
                updating(host) { state in
                    if followUp { state.followUps.push(continuation) } else { state.others.push(continuation) }
                }
                markReadyIfItFits(host)
                admit()
            }
        }
        guard interval > .zero else { return }
        let now = ContinuousClock.now
        let start = max(now, nextStart[host] ?? now)
        nextStart[host] = start + interval
        if start > now { try? await Task.sleep(until: start, clock: .continuous) }
    }

    func release(host: String) {
        total -= 1
        let idle = updating(host) { state -> Bool in
            state.running -= 1
            return state.running == 0 && !state.hasWaiters
        }
        if idle {
            hosts[host] = nil
        } else {
            markReadyIfItFits(host)
        }
        admit()
    }

    /// Runs `body` on `host`'s state in place (in the dictionary's storage: its queues are never
    /// copied), making the state when the host has none.
    private func updating<Result>(_ host: String, _ body: (inout HostState) -> Result) -> Result {
        body(&hosts[host, default: HostState()])
    }

    /// Puts `host` in the ready queue when it has waiters and a free slot and is not there yet.
    private func markReadyIfItFits(_ host: String) {
        guard hosts[host] != nil else { return }
        let fits = updating(host) { state -> Bool in
            guard !state.isReady, state.hasWaiters, state.running < maxPerHost else { return false }
            state.isReady = true
            return true
        }
        if fits { ready.push(host) }
    }

    /// Hands free slots to waiters, host after host in turn, while the total allows.
    private func admit() {
        while total < maxTotal, let host = ready.pop() {
            guard hosts[host] != nil else { continue }
            let waiter = updating(host) { state -> CheckedContinuation<Void, Never>? in
                state.isReady = false
                guard state.running < maxPerHost, let waiter = state.followUps.pop() ?? state.others.pop() else { return nil }
                state.running += 1
                return waiter
            }
            guard let waiter else { continue }
            total += 1
            markReadyIfItFits(host)
            waiter.resume()
        }
    }
}

/// A first-in, first-out queue with O(1) push and pop (amortised): an array read from a moving head,
/// compacted when the read part outgrows the rest.
struct FIFO<Element> {
    private var items: [Element] = []
    private var head = 0

    var isEmpty: Bool { head == items.count }

    mutating func push(_ item: Element) {
        items.append(item)
    }

    mutating func pop() -> Element? {
        guard head < items.count else { return nil }
        let item = items[head]
        head += 1
        if head == items.count {
            items.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 1024 && head * 2 >= items.count {
            items.removeFirst(head)
            head = 0
        }
        return item
    }
}
