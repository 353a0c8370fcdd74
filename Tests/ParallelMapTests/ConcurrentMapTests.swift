import ParallelMap
import Synchronization
import Testing

struct ConcurrentMapTests {
    /// Results keep the order of the elements; each worker makes its state once and uses it for
    /// every element it takes, and no more workers are started than asked for.
    @Test func workersEachMakeTheirStateOnceAndResultsKeepTheirOrder() {
        let made = Mutex(0)
        let numbers = Array(0..<500)
        let results = numbers.concurrentMap(workers: 3, perWorker: { () -> (id: Int, uses: Int) in
            let id = made.withLock { count in
                count += 1
                return count
            }
            return (id, 0)
        }) { state, number -> (square: Int, worker: Int, use: Int) in
            state.uses += 1
            return (number * number, state.id, state.uses)
        }
        #expect(results.map(\.square) == numbers.map { $0 * $0 })
        let workers = made.withLock { $0 }
        #expect((1...3).contains(workers))
        // Each worker numbered its uses 1, 2, 3… with no gap: its state was kept between elements.
        for worker in 1...workers {
            let uses = results.filter { $0.worker == worker }.map(\.use).sorted()
            #expect(uses == uses.indices.map { $0 + 1 })
        }
        #expect([Int]().concurrentMap(workers: 2, perWorker: { 0 }) { _, number in number }.isEmpty)
    }
}
