/// A configuration file that cannot be used: it names the file, the key and what is wrong.
public struct ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    /// The key at fault, as a path: `items_per_feed`, `dates.320`, `feeds.rss`; nil for the file as a whole.
    public var key: String?
    public var problem: String

    public init(file: String, key: String? = nil, problem: String) {
        self.file = file
        self.key = key
        self.problem = problem
    }

    public var description: String {
        if let key { return "\(file): \"\(key)\": \(problem)" }
        return "\(file): \(problem)"
    }
}
