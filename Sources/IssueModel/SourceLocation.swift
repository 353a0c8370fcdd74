/// A place inside one input file: a 1-based line and, when known, a 1-based column (in bytes).
public struct SourcePosition: Sendable, Hashable, Codable {
    public var line: Int
    public var column: Int?

    public init(line: Int, column: Int? = nil) {
        self.line = line
        self.column = column
    }
}

/// Where a piece of the archive came from: the input file as it was named, a 1-based line and,
/// when the reader knows it, a 1-based column (a Substack page can be one long line).
public struct SourceLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The file as the user or the configuration named it.
    public var file: String
    /// The 1-based line in that file.
    public var line: Int
    /// The 1-based column (counted in UTF-8 bytes), when known.
    public var column: Int?

    public init(file: String, line: Int, column: Int? = nil) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// The location of `position` in `file`.
    public init(file: String, position: SourcePosition) {
        self.init(file: file, line: position.line, column: position.column)
    }

    /// `file:line` or `file:line:column`, the forms editors and terminals turn into a jump.
    public var description: String {
        if let column { return "\(file):\(line):\(column)" }
        return "\(file):\(line)"
    }
}
