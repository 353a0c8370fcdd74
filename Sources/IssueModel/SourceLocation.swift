/// Where a piece of the archive came from: the input file as it was named, and a 1-based line.
public struct SourceLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The file as the user or the configuration named it.
    public var file: String
    /// The 1-based line in that file.
    public var line: Int

    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }

    /// `file:line`, the form editors and terminals turn into a jump.
    public var description: String { "\(file):\(line)" }
}
