import ByteScanning

/// A number as the JSON text writes it: its text, so that `1` stays a number (Foundation's reader on
/// Linux hands 0 and 1 back as booleans) and a whole number can be told from `1.5`.
public struct JSONNumber: Sendable, Hashable {
    /// The number as written (`1`, `1.50`, `2e3`).
    public var text: String
    /// Its value.
    public var value: Double

    /// The number as an `Int`, when it is whole and fits.
    public var integer: Int? {
        guard value.rounded() == value, abs(value) < 9.0e15 else { return nil }
        return Int(value)
    }
}

/// A strict JSON reader (RFC 8259) for config.json and for JSON feeds under validation: a document
/// becomes a ``JSONValue`` (``parseValue(_:)``), or a tree of `Any` (``parse(_:)``: objects
/// `[String: Any]`, arrays `[Any]`, strings `String`, numbers ``JSONNumber``, `true`/`false` `Bool`
/// and `null` ``JSONNull``). Unlike Foundation's reader it says where a syntax error is (line and
/// column), refuses a key written twice in one object (which readers resolve differently: one of the
/// two values is lost) and bytes that are not UTF-8.
public struct JSONReader {
    /// A syntax error or a duplicate key, with its 1-based line and column.
    public struct SyntaxError: Error, Sendable, CustomStringConvertible {
        /// 1-based line of the offending byte.
        public var line: Int
        /// 1-based column, in characters.
        public var column: Int
        /// What is wrong, e.g. "duplicate key \"title\" (first written at line 3, column 3)".
        public var message: String

        public var description: String { "line \(line), column \(column): \(message)" }
    }

    /// The JSON `null`.
    public struct JSONNull: Sendable, Hashable {}

    private let bytes: [UInt8]
    /// Where the bytes first break UTF-8 (`bytes.count` when they never do): checked once for the
    /// whole document, so that each string is made without checking its bytes again.
    private let firstInvalidUTF8: Int
    private var offset = 0
    private var depth = 0
    private static let maximumDepth = 64

    /// Parses one JSON value filling the whole of `bytes` (a byte-order mark allowed), as a tree of `Any`.
    public static func parse(_ bytes: [UInt8]) throws(SyntaxError) -> Any {
        try parseValue(bytes).anyValue
    }

    /// Parses one JSON value filling the whole of `bytes` (a byte-order mark allowed).
    public static func parseValue(_ bytes: [UInt8]) throws(SyntaxError) -> JSONValue {
        var reader = JSONReader(bytes: bytes)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { reader.offset = 3 }
        reader.skipSpace()
        let value = try reader.value()
        reader.skipSpace()
        guard reader.offset == bytes.count else { throw reader.error("unexpected text after the JSON value") }
        return value
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
        firstInvalidUTF8 = bytes.withUnsafeBufferPointer { UTF8Validation.firstInvalidOffset($0) } ?? bytes.count
    }

    private func error(_ message: String, at position: Int? = nil) -> SyntaxError {
        let end = min(position ?? offset, bytes.count)
        var line = 1
        var lineStart = 0
        for index in 0..<end where bytes[index] == 0x0A {
            line += 1
            lineStart = index + 1
        }
        let column = String(decoding: bytes[lineStart..<end], as: UTF8.self).count + 1
        return SyntaxError(line: line, column: column, message: message)
    }

    private var current: UInt8? { offset < bytes.count ? bytes[offset] : nil }

    private mutating func skipSpace() {
        while let byte = current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { offset += 1 }
    }

    private mutating func value() throws(SyntaxError) -> JSONValue {
        guard let byte = current else { throw error("the file ends where a value was expected") }
        switch byte {
        case UInt8(ascii: "{"): return .object(try object())
        case UInt8(ascii: "["): return .array(try array())
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw error("expected a value (an object, list, string, number, true, false or null)")
        }
    }

    private mutating func literal(_ word: String) throws(SyntaxError) {
        let expected = Array(word.utf8)
        guard offset + expected.count <= bytes.count, bytes[offset..<(offset + expected.count)].elementsEqual(expected) else {
            throw error("expected a value (did you mean \(word)?)")
        }
        offset += expected.count
    }

    private mutating func nest() throws(SyntaxError) {
        depth += 1
        guard depth <= Self.maximumDepth else { throw error("nested more than \(Self.maximumDepth) levels deep") }
    }

    private mutating func object() throws(SyntaxError) -> JSONObject {
        try nest()
        defer { depth -= 1 }
        let objectStart = offset
        offset += 1
        // Room for the keys of a feed item at once.
        var members: [(key: String, value: JSONValue)] = []
        members.reserveCapacity(8)
        // Keys are compared one by one while they are few; a large object (config.json's dates)
        // keeps a set of them instead.
        var keySet: Set<String>?
        skipSpace()
        if current == UInt8(ascii: "}") {
            offset += 1
            return JSONObject(members: members)
        }
        while true {
            skipSpace()
            guard current == UInt8(ascii: "\"") else { throw error("expected a key in double quotes") }
            let keyPosition = offset
            let key = try string()
            skipSpace()
            guard current == UInt8(ascii: ":") else { throw error("expected ':' after the key \"\(key)\"") }
            offset += 1
            skipSpace()
            let memberValue = try value()
            let isDuplicate: Bool
            if keySet == nil, members.count < 16 {
                isDuplicate = members.contains { $0.key == key }
            } else {
                if keySet == nil { keySet = Set(members.map(\.key)) }
                isDuplicate = !keySet!.insert(key).inserted
            }
            if isDuplicate {
                let earlier = error("", at: firstPosition(of: key, inObjectAt: objectStart))
                throw error("duplicate key \"\(key)\" (first written at line \(earlier.line), column \(earlier.column))",
                            at: keyPosition)
            }
            members.append((key, memberValue))
            skipSpace()
            switch current {
            case UInt8(ascii: ","):
                offset += 1
            case UInt8(ascii: "}"):
                offset += 1
                return JSONObject(members: members)
            default:
                throw error("expected ',' or '}' after the value of \"\(key)\"")
            }
        }
    }

    /// Where `key` is first written in the object that starts at `start`, which has been read up to a
    /// second `key` already (so reading it again cannot fail before): found only for the message.
    private func firstPosition(of key: String, inObjectAt start: Int) -> Int {
        var reader = JSONReader(bytes: bytes)
        reader.offset = start + 1
        while true {
            reader.skipSpace()
            let position = reader.offset
            guard let name = try? reader.string() else { return start }
            if name == key { return position }
            reader.skipSpace()
            reader.offset += 1
            reader.skipSpace()
            guard (try? reader.value()) != nil else { return start }
            reader.skipSpace()
            reader.offset += 1
        }
    }

    private mutating func array() throws(SyntaxError) -> [JSONValue] {
        try nest()
        defer { depth -= 1 }
        offset += 1
        var result: [JSONValue] = []
        skipSpace()
        if current == UInt8(ascii: "]") {
            offset += 1
            return result
        }
        while true {
            skipSpace()
            result.append(try value())
            skipSpace()
            switch current {
            case UInt8(ascii: ","): offset += 1
            case UInt8(ascii: "]"):
                offset += 1
                return result
            default: throw error("expected ',' or ']' in the list")
            }
        }
    }

    private mutating func string() throws(SyntaxError) -> String {
        let start = offset
        offset += 1
        // Runs without escapes are copied whole; the string is decoded (and its UTF-8 checked) once.
        var text: [UInt8] = []
        var runStart = offset
        while true {
            guard let byte = current else { throw error("the string that starts here is never closed", at: start) }
            switch byte {
            case UInt8(ascii: "\""):
                // Its bytes are UTF-8 when the first break lies elsewhere (escapes only ever add whole
                // characters), so the string is made without a second check.
                guard !(start..<offset).contains(firstInvalidUTF8) else {
                    throw error("the string that starts here is not UTF-8", at: start)
                }
                let value: String
                if text.isEmpty {
                    value = bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[runStart..<offset]), as: UTF8.self) }
                } else {
                    text.append(contentsOf: bytes[runStart..<offset])
                    value = String(decoding: text, as: UTF8.self)
                }
                offset += 1
                return value
            case UInt8(ascii: "\\"):
                text.append(contentsOf: bytes[runStart..<offset])
                offset += 1
                guard let escaped = current else { throw error("the string ends inside an escape") }
                offset += 1
                switch escaped {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): text.append(escaped)
                case UInt8(ascii: "b"): text.append(0x08)
                case UInt8(ascii: "f"): text.append(0x0C)
                case UInt8(ascii: "n"): text.append(0x0A)
                case UInt8(ascii: "r"): text.append(0x0D)
                case UInt8(ascii: "t"): text.append(0x09)
                case UInt8(ascii: "u"):
                    var code = try hexQuad()
                    if (0xD800..<0xDC00).contains(code) {
                        guard current == UInt8(ascii: "\\"), offset + 1 < bytes.count, bytes[offset + 1] == UInt8(ascii: "u") else {
                            throw error("a \\u escape of a lone surrogate is not a character")
                        }
                        offset += 2
                        let low = try hexQuad()
                        guard (0xDC00..<0xE000).contains(low) else { throw error("a \\u escape of a lone surrogate is not a character") }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let scalar = Unicode.Scalar(code) else { throw error("a \\u escape of a lone surrogate is not a character") }
                    text.append(contentsOf: UTF8.encode(scalar)!)
                default:
                    throw error("unknown escape \\\(String(decoding: [escaped], as: UTF8.self))", at: offset - 2)
                }
                runStart = offset
            case 0x00..<0x20:
                throw error("a control character must be escaped inside a string")
            default:
                skipPlainText()
            }
        }
    }

    /// Moves past string content that needs no attention: everything up to the next quote,
    /// backslash or control character (the bulk of a long string, read without a check per byte).
    private mutating func skipPlainText() {
        offset = bytes.withUnsafeBufferPointer { JSONWriter.escaper.set.firstIndex(in: $0, from: offset) }
    }

    private mutating func hexQuad() throws(SyntaxError) -> UInt32 {
        guard offset + 4 <= bytes.count else { throw error("expected four hex digits after \\u") }
        var value: UInt32 = 0
        for byte in bytes[offset..<(offset + 4)] {
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw error("expected four hex digits after \\u")
            }
            value = value * 16 + digit
        }
        offset += 4
        return value
    }

    private mutating func number() throws(SyntaxError) -> JSONNumber {
        let start = offset
        func digits() -> Int {
            let first = offset
            while let byte = current, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") { offset += 1 }
            return offset - first
        }
        if current == UInt8(ascii: "-") { offset += 1 }
        let integerStart = offset
        guard digits() > 0 else { throw error("expected digits in the number", at: start) }
        if bytes[integerStart] == UInt8(ascii: "0"), offset - integerStart > 1 {
            throw error("a number must not start with 0", at: start)
        }
        if current == UInt8(ascii: ".") {
            offset += 1
            guard digits() > 0 else { throw error("expected digits after the decimal point") }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            offset += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { offset += 1 }
            guard digits() > 0 else { throw error("expected digits in the exponent") }
        }
        let text = String(decoding: bytes[start..<offset], as: UTF8.self)
        guard let value = Double(text), value.isFinite else { throw error("the number \(text) is out of range", at: start) }
        return JSONNumber(text: text, value: value)
    }
}
