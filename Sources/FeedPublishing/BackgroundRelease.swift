import Dispatch

/// Frees a build's large values (the parsed archive, its items, the rendered documents) on a
/// background thread: tearing down a model of thousands of issues takes milliseconds that the
/// build's caller need not wait for. A command-line process that exits first simply never frees
/// them, as compilers do with their trees at exit.
enum BackgroundRelease {
    /// Takes `value` over (the caller must hold no other reference) and drops it on a background thread.
    static func release(_ value: consuming some Sendable) {
        let box = Box(value)
        DispatchQueue.global(qos: .utility).async { box.drop() }
    }

    /// Holds the value until the background thread drops it.
    private final class Box<Value: Sendable>: @unchecked Sendable {
        private var value: Value?

        init(_ value: consuming Value) { self.value = value }

        func drop() { value = nil }
    }
}
