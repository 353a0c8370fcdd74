import Dispatch

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
