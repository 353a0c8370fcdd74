import ByteScanning

extension String {
    /// Calls `body` with the string's UTF-8 bytes, without copying a native string.
    fileprivate func withBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        var copy = self
        return copy.withUTF8(body)
    }
}

/// A small, deterministic JSON writer (the JSON Feed, the link report): objects take their keys in
/// sorted order, strings are escaped byte by byte (quotes, backslashes and control characters; `/`
/// is left alone), and the output is indented by two spaces. Long outputs are written piece by
/// piece: ``write(_:indent:)`` appends one value to ``bytes``, which the caller may hand on and
/// empty (``takeBytes()``) as it goes, so that no tree of the whole document is ever built.
public struct JSONWriter {
    /// A JSON value to write.
    public indirect enum Value {
        case string(String)
        case integer(Int)
        case bool(Bool)
        case null
        case array([Value])
        case object([String: Value])
        /// An object whose members are given in key order already (the order ``object(_:)`` sorts
        /// into), so that a writer of many objects of fixed keys neither hashes nor sorts them.
        case fields([(key: String, value: Value)])

        /// A string, or null when there is none.
        public static func optional(_ text: String?) -> Value { text.map(Value.string) ?? .null }
        /// A number, or null when there is none.
        public static func optional(_ number: Int?) -> Value { number.map(Value.integer) ?? .null }
    }

    /// What has been written and not yet taken.
    public private(set) var bytes: [UInt8] = []

    public init() {}

    /// A writer with room for `capacity` bytes reserved (a good guess spares copying them as they grow).
    public init(capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    /// `value` as a whole document, with a final line break; `capacity` is the room reserved for it
    /// (a good guess spares copying the bytes as they grow).
    public static func encode(_ value: Value, capacity: Int = 1 << 16) -> [UInt8] {
        var writer = JSONWriter()
        writer.bytes.reserveCapacity(capacity)
        writer.write(value, indent: 0)
        writer.bytes.append(0x0A)
        return writer.bytes
    }

    /// The bytes written so far, leaving the writer empty.
    public mutating func takeBytes() -> [UInt8] {
        defer { bytes.removeAll(keepingCapacity: true) }
        return bytes
    }

    /// Appends `value`, its inner lines indented `indent` levels (its first line is not: the caller
    /// has placed it).
    public mutating func write(_ value: Value, indent: Int) {
        switch value {
        case .string(let text):
            writeString(text)
        case .integer(let number):
            bytes.append(contentsOf: String(number).utf8)
        case .bool(let flag):
            flag ? append("true") : append("false")
        case .null:
            append("null")
        case .array(let values):
            guard !values.isEmpty else { return append("[]") }
            append("[\n")
            for (index, element) in values.enumerated() {
                pad(indent + 1)
                write(element, indent: indent + 1)
                append(index + 1 < values.count ? ",\n" : "\n")
            }
            pad(indent)
            append("]")
        case .object(let members):
            let keys = members.keys.sorted(by: Self.keyOrder)
            writeMembers(keys.map { ($0, members[$0]!) }, indent: indent)
        case .fields(let members):
            assert(zip(members, members.dropFirst()).allSatisfy { Self.keyOrder($0.key, $1.key) }, "fields out of key order")
            writeMembers(members, indent: indent)
        }
    }

    /// The order of an object's keys: by their UTF-8 bytes.
    private static func keyOrder(_ left: String, _ right: String) -> Bool {
        left.utf8.lexicographicallyPrecedes(right.utf8)
    }

    private mutating func writeMembers(_ members: [(key: String, value: Value)], indent: Int) {
        guard !members.isEmpty else { return append("{}") }
        append("{\n")
        for (index, member) in members.enumerated() {
            writeKey(member.key, indent: indent + 1)
            write(member.value, indent: indent + 1)
            append(index + 1 < members.count ? ",\n" : "\n")
        }
        pad(indent)
        append("}")
    }

    /// The bytes a JSON string must escape — quotes, backslashes and control characters — and how:
    /// `\"`, `\\`, `\n`, `\r`, `\t`, else `\u00XX`.
    static let escaper = ByteEscaper(
        ByteSet([UInt8(ascii: "\""), UInt8(ascii: "\\")], controlCharacters: true)
    ) { byte in
        switch byte {
        case UInt8(ascii: "\""): Array("\\\"".utf8)
        case UInt8(ascii: "\\"): Array("\\\\".utf8)
        case 0x0A: Array("\\n".utf8)
        case 0x0D: Array("\\r".utf8)
        case 0x09: Array("\\t".utf8)
        default:
            Array("\\u00".utf8) + [byte >> 4, byte & 0x0F].map { Array("0123456789abcdef".utf8)[Int($0)] }
        }
    }

    /// Appends an object member's key on its own line, `indent` levels in, up to its value: `"key": `.
    public mutating func writeKey(_ key: String, indent: Int) {
        pad(indent)
        writeString(key)
        append(": ")
    }

    /// Appends `text` as a JSON string.
    public mutating func write(string text: String) {
        writeString(text)
    }

    private mutating func writeString(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        text.withBytes { Self.escaper.append($0, to: &bytes) }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends `level` levels of indentation.
    public mutating func pad(_ level: Int) {
        bytes.append(spaces: level * 2)
    }

    /// Appends literal text (punctuation between the values the caller writes piece by piece).
    public mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }
}
