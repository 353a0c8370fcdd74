import ByteScanning

/// A streaming XML serialiser writing UTF-8 into memory: every text and attribute value is
/// escaped here, in one pass over its bytes, and nothing else is ever concatenated into the
/// markup by hand. Its output is byte for byte what libxml2's `xmlTextWriter` writes (the feeds
/// importfeed published before keep their bytes), and every document it makes is read back by
/// libxml2 and validated before it is published.
///
/// - Documents (`withDeclaration: true`) start with the XML declaration and are indented by two
///   spaces, so that a problem's line number points somewhere useful; an element holding text stays
///   on one line.
/// - Fragments (item HTML) are written without white space between elements, and attribute values
///   carry non-ASCII characters as character references, as libxml2 writes a fragment of unknown
///   encoding.
struct XMLWriter {
    private var bytes: [UInt8] = []
    /// The open elements, innermost last, and whether each start tag still waits for its `>`.
    private var open: [(name: String, startTagOpen: Bool)] = []
    private let isDocument: Bool
    /// Whether the next end tag goes on a line of its own (after child elements, not after text).
    private var endTagOnOwnLine = true

    /// A writer for a whole document (`withDeclaration`) or for a fragment of markup; `capacity` is
    /// the room reserved for its bytes.
    init(withDeclaration: Bool, capacity: Int = 1 << 12) {
        isDocument = withDeclaration
        bytes.reserveCapacity(capacity)
        if withDeclaration { append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n") }
    }

    /// Opens `name` (which may carry a prefix, `atom:link`).
    mutating func start(_ name: String) {
        closeStartTag(lineBreak: true)
        if isDocument { indent(open.count) }
        bytes.append(UInt8(ascii: "<"))
        bytes.append(contentsOf: name.utf8)
        open.append((name, true))
    }

    /// Closes the innermost open element: `<name/>` when it holds nothing.
    mutating func end() {
        guard let (name, startTagOpen) = open.popLast() else { return }
        if startTagOpen {
            append("/>")
        } else {
            if isDocument && endTagOnOwnLine { indent(open.count) }
            append("</")
            bytes.append(contentsOf: name.utf8)
            bytes.append(UInt8(ascii: ">"))
        }
        endTagOnOwnLine = true
        if isDocument { bytes.append(0x0A) }
    }

    /// An attribute of the element just opened (before any content).
    mutating func attribute(_ name: String, _ value: String) {
        bytes.append(UInt8(ascii: " "))
        bytes.append(contentsOf: name.utf8)
        append("=\"")
        escape(value, isDocument ? .documentAttribute : .fragmentAttribute)
        bytes.append(UInt8(ascii: "\""))
    }

    /// Escaped character data.
    mutating func text(_ value: String) {
        var value = value
        value.withUTF8 { text($0) }
    }

    /// Escaped character data from UTF-8 bytes (a piece of a string, cut at character boundaries).
    mutating func text(_ utf8: UnsafeBufferPointer<UInt8>) {
        closeStartTag(lineBreak: false)
        Escapes.text.append(utf8, to: &bytes)
        endTagOnOwnLine = false
    }

    /// Character data escaped beforehand by ``escapedText(_:)``: text that several documents carry
    /// (an item's HTML, in RSS and in Atom) is escaped once.
    mutating func text(escaped: EscapedText) {
        closeStartTag(lineBreak: false)
        bytes.append(contentsOf: escaped.bytes)
        endTagOnOwnLine = false
    }

    /// `value` escaped as character data, to write with ``text(escaped:)``.
    static func escapedText(_ value: String) -> EscapedText {
        var writer = XMLWriter(withDeclaration: false, capacity: value.utf8.count + value.utf8.count / 4)
        writer.escape(value, .text)
        return EscapedText(bytes: writer.bytes)
    }

    /// Text already escaped as character data.
    struct EscapedText: Sendable {
        fileprivate let bytes: [UInt8]
    }

    /// `<name attributes…>text</name>`.
    mutating func element(_ name: String, _ value: String, attributes: KeyValuePairs<String, String> = [:]) {
        start(name)
        for (key, attributeValue) in attributes { attribute(key, attributeValue) }
        text(value)
        end()
    }

    /// `<name attributes…/>`.
    mutating func emptyElement(_ name: String, attributes: KeyValuePairs<String, String>) {
        start(name)
        for (key, value) in attributes { attribute(key, value) }
        end()
    }

    /// Closes every open element and returns the bytes.
    mutating func finish() -> [UInt8] {
        while !open.isEmpty { end() }
        return bytes
    }

    // MARK: - Bytes

    /// Ends the innermost start tag, if it is still open: content follows.
    private mutating func closeStartTag(lineBreak: Bool) {
        guard let last = open.indices.last, open[last].startTagOpen else { return }
        open[last].startTagOpen = false
        bytes.append(UInt8(ascii: ">"))
        if lineBreak && isDocument { bytes.append(0x0A) }
    }

    private mutating func indent(_ level: Int) {
        bytes.append(spaces: level * 2)
    }

    private mutating func append(_ literal: StaticString) {
        literal.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Appends `value` escaped: by table for text and a document's attribute values, with character
    /// references for the non-ASCII characters of a fragment's attribute values.
    private mutating func escape(_ value: String, _ kind: Escapes.Kind) {
        var value = value
        value.withUTF8 { source in
            switch kind {
            case .text: Escapes.text.append(source, to: &bytes)
            case .documentAttribute: Escapes.documentAttribute.append(source, to: &bytes)
            case .fragmentAttribute: escapeWithCharacterReferences(source, table: Escapes.fragmentAttribute)
            }
        }
    }

    /// ``escape(_:_:)`` for a set that holds non-ASCII characters (a fragment's attribute
    /// values): runs with nothing to escape are copied whole, each character found becomes a
    /// reference.
    private mutating func escapeWithCharacterReferences(_ source: UnsafeBufferPointer<UInt8>, table escaped: ByteSet) {
        guard let base = source.baseAddress else { return }
        let count = source.count
        var runStart = 0
        var index = escaped.firstIndex(in: source, from: 0)
        while true {
            bytes.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: index - runStart))
            guard index < count else { return }
            let byte = base[index]
            if byte >= 0x80 {
                // A non-ASCII character in a fragment's attribute: a character reference.
                let end = Swift.min(index + Escapes.sequenceLength(byte), count)
                let scalar = Escapes.scalar(UnsafeBufferPointer(start: base + index, count: end - index))
                append("&#x")
                bytes.append(contentsOf: String(scalar, radix: 16, uppercase: true).utf8)
                bytes.append(UInt8(ascii: ";"))
                index = end
            } else {
                bytes.append(contentsOf: Escapes.reference(byte))
                index += 1
            }
            runStart = index
            index = escaped.firstIndex(in: source, from: runStart)
        }
    }

}

/// Which bytes each kind of value escapes, as libxml2 does: text escapes `<`, `>`, `&`, `"` and
/// carriage return; attribute values also tab and line feed (which a reader would otherwise turn into
/// spaces); a fragment's attribute values also every non-ASCII character.
private enum Escapes {
    /// The three ways of escaping a value.
    enum Kind {
        case text, documentAttribute, fragmentAttribute
    }

    /// `<`, `>`, `&`, `"` and carriage return.
    private static let markup = Array("<>&\"\r".utf8)

    static let text = ByteEscaper(ByteSet(markup), replacement: reference)
    static let documentAttribute = ByteEscaper(ByteSet(markup + [0x09, 0x0A]), replacement: reference)
    static let fragmentAttribute = ByteSet(markup + [0x09, 0x0A], nonASCII: true)

    /// The reference for one ASCII byte: a predefined entity, else a decimal character reference.
    static func reference(_ byte: UInt8) -> [UInt8] {
        switch byte {
        case UInt8(ascii: "<"): Array("&lt;".utf8)
        case UInt8(ascii: ">"): Array("&gt;".utf8)
        case UInt8(ascii: "&"): Array("&amp;".utf8)
        case UInt8(ascii: "\""): Array("&quot;".utf8)
        default: Array("&#\(byte);".utf8)
        }
    }

    /// The length of the UTF-8 sequence `lead` starts.
    static func sequenceLength(_ lead: UInt8) -> Int {
        switch lead {
        case 0xF0...: 4
        case 0xE0...: 3
        default: 2
        }
    }

    /// The code point of one UTF-8 sequence (Swift strings are valid UTF-8).
    static func scalar(_ sequence: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var value = UInt32(sequence[0]) & (0xFF >> UInt32(sequence.count + 1))
        for byte in sequence.dropFirst() { value = value << 6 | UInt32(byte & 0x3F) }
        return value
    }
}
