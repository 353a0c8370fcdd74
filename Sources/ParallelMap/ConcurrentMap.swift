import Dispatch
import Synchronization

extension RandomAccessCollection where Index == Int, Self: Sendable {
    /// `map`, spread over the machine's cores once the collection is large enough to pay for it.
    /// Results keep the collection's order; each worker initialises its own stripe of the result
    /// in place, so nothing is copied afterwards. `transform` must be safe to call from several
    /// threads at once.
    public func concurrentMap<Result: Sendable>(minimumCount: Int = 64, _ transform: (Element) -> Result) -> [Result] {
        let total = count
        guard total >= minimumCount else { return map(transform) }
        let stripes = Swift.min(total, 32)
        return [Result](unsafeUninitializedCapacity: total) { buffer, initializedCount in
            nonisolated(unsafe) let base = buffer.baseAddress!
            withoutActuallyEscaping(transform) { transform in
                nonisolated(unsafe) let transform = transform
                DispatchQueue.concurrentPerform(iterations: stripes) { stripe in
                    let lower = total * stripe / stripes
                    let upper = total * (stripe + 1) / stripes
                    for offset in lower..<upper {
                        (base + offset).initialize(to: transform(self[startIndex + offset]))
                    }
                }
            }
            initializedCount = total
        }
    }
}

extension RandomAccessCollection where Index == Int, Self: Sendable {
    /// `map` over a few costly elements, handed out one at a time to one worker per core, so that
    /// no core idles while another still has a queue. Each worker makes its own `State` once
    /// (`makeState`) and passes it to every `transform` it runs: state that must not cross threads
    /// (a C library's contexts) stays with its worker. Results keep the collection's order.
    public func concurrentMap<State, Result: Sendable>(
        workers: Int, perWorker makeState: () -> State, _ transform: (inout State, Element) -> Result
    ) -> [Result] {
        let total = count
        let workerCount = Swift.max(1, Swift.min(workers, total))
        let next = Atomic<Int>(0)
        return [Result](unsafeUninitializedCapacity: total) { buffer, initializedCount in
            nonisolated(unsafe) let base = buffer.baseAddress
            withoutActuallyEscaping(makeState) { makeState in
                withoutActuallyEscaping(transform) { transform in
                    nonisolated(unsafe) let makeState = makeState
                    nonisolated(unsafe) let transform = transform
                    DispatchQueue.concurrentPerform(iterations: workerCount) { _ in
                        var state = makeState()
                        while true {
                            let offset = next.wrappingAdd(1, ordering: .relaxed).oldValue
                            guard offset < total else { break }
                            (base! + offset).initialize(to: transform(&state, self[startIndex + offset]))
                        }
                    }
                }
            }
            initializedCount = total
        }
    }
}
