/// A JSON value as ``JSONReader`` reads it: a plain value type, so that a reader of the document
/// (the JSON Feed rules) asks for what it expects without a dynamic cast per member.
public enum JSONValue: Sendable {
    case string(String)
    case number(JSONNumber)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object(JSONObject)

    /// The string, when the value is one.
    public var string: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// The elements, when the value is an array.
    public var array: [JSONValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// The members, when the value is an object.
    public var object: JSONObject? {
        if case .object(let members) = self { return members }
        return nil
    }

    /// The member named `key`, when the value is an object that has one.
    public subscript(key: String) -> JSONValue? { object?[key] }

    /// The value as a tree of `Any` — objects `[String: Any]`, arrays `[Any]`, strings `String`, numbers
    /// ``JSONNumber``, `true`/`false` `Bool`, `null` ``JSONReader/JSONNull`` — for readers that walk a
    /// document of unknown shape (config.json).
    public var anyValue: Any {
        switch self {
        case .string(let text): text
        case .number(let number): number
        case .bool(let flag): flag
        case .null: JSONReader.JSONNull()
        case .array(let elements): elements.map(\.anyValue)
        case .object(let members):
            Dictionary(uniqueKeysWithValues: members.members.lazy.map { ($0.key, $0.value.anyValue) })
        }
    }
}

/// A JSON object's members in the order the document writes them. Keys are unique (the reader
/// refuses a key written twice); a member is found by comparing keys one by one, which for the
/// handful of keys of a feed or an item costs less than hashing them.
public struct JSONObject: Sendable {
    public private(set) var members: [(key: String, value: JSONValue)]

    public init(members: [(key: String, value: JSONValue)]) {
        self.members = members
    }

    /// The value of the member named `key`.
    public subscript(key: String) -> JSONValue? {
        for member in members where member.key == key { return member.value }
        return nil
    }

    /// The keys, in the document's order.
    public var keys: [String] { members.map(\.key) }
}
