/// Who may send next, so that no more than `maxTotal` requests are under way at once and no more
/// than `maxPerHost` to one host: the admission rule of every request the checker makes, whoever
/// waits (a suspended task, a request queued on the engine's thread).
///
/// Every operation is O(1): each host keeps its own queue of waiters (follow-ups first: links already
/// started finish before new ones begin), and a queue of the hosts that have waiters and a free slot
/// says whom a freed slot goes to next, host after host in turn. A slot is counted for its waiter
/// the moment it is handed over, so that no capacity is lost between admitting and sending.
struct HostSlots<Waiter> {
    let maxTotal: Int
    let maxPerHost: Int
    /// Slots taken, in all.
    private(set) var total = 0
    private var hosts: [String: HostState] = [:]
    /// Hosts with waiters and a free slot, in the order they became so.
    private var ready = FIFO<String>()

    private struct HostState {
        var running = 0
        /// Retries, redirects and GETs after a refused HEAD.
        var followUps = FIFO<Waiter>()
        var others = FIFO<Waiter>()
        var isReady = false

        var hasWaiters: Bool { !followUps.isEmpty || !others.isEmpty }
    }

    init(maxTotal: Int, maxPerHost: Int) {
        self.maxTotal = max(1, maxTotal)
        self.maxPerHost = max(1, maxPerHost)
    }

    /// Takes a slot for `host` when one is free and nobody waits for it; false when the caller must
    /// wait (``enqueue(_:host:followUp:)``).
    mutating func takeIfFree(host: String) -> Bool {
        guard total < maxTotal else { return false }
        let maxPerHost = maxPerHost
        let taken = updating(host) { state -> Bool in
            guard state.running < maxPerHost, !state.hasWaiters else { return false }
            state.running += 1
            return true
        }
        if taken { total += 1 }
        return taken
    }

    /// Queues `waiter` for a slot of `host`; ``admit()`` hands it one in turn.
    mutating func enqueue(_ waiter: Waiter, host: String, followUp: Bool) {
        updating(host) { state in
            if followUp { state.followUps.push(waiter) } else { state.others.push(waiter) }
        }
        markReadyIfItFits(host)
    }

    /// Frees a slot of `host`.
    mutating func release(host: String) {
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
    }

    /// The next waiter a free slot goes to, with the slot taken for it; nil when none can start.
    mutating func admit() -> (host: String, waiter: Waiter)? {
        while total < maxTotal, let host = ready.pop() {
            guard hosts[host] != nil else { continue }
            let maxPerHost = maxPerHost
            let waiter = updating(host) { state -> Waiter? in
                state.isReady = false
                guard state.running < maxPerHost, let waiter = state.followUps.pop() ?? state.others.pop() else { return nil }
                state.running += 1
                return waiter
            }
            guard let waiter else { continue }
            total += 1
            markReadyIfItFits(host)
            return (host, waiter)
        }
        return nil
    }

    /// Runs `body` on `host`'s state in place (in the dictionary's storage: its queues are never
    /// copied), making the state when the host has none.
    private mutating func updating<Result>(_ host: String, _ body: (inout HostState) -> Result) -> Result {
        body(&hosts[host, default: HostState()])
    }

    /// Puts `host` in the ready queue when it has waiters and a free slot and is not there yet.
    private mutating func markReadyIfItFits(_ host: String) {
        guard hosts[host] != nil else { return }
        let maxPerHost = maxPerHost
        let fits = updating(host) { state -> Bool in
            guard !state.isReady, state.hasWaiters, state.running < maxPerHost else { return false }
            state.isReady = true
            return true
        }
        if fits { ready.push(host) }
    }
}

/// A first-in, first-out queue with O(1) push and pop (amortised): an array read from a moving head,
/// compacted when the read part outgrows the rest.
struct FIFO<Element> {
    private var items: [Element] = []
    private var head = 0

    var isEmpty: Bool { head == items.count }
    var count: Int { items.count - head }

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
