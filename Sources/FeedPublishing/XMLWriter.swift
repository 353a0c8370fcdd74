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
        escape(value, table: isDocument ? Escapes.documentAttribute : Escapes.fragmentAttribute)
        bytes.append(UInt8(ascii: "\""))
    }

    /// Escaped character data.
    mutating func text(_ value: String) {
        closeStartTag(lineBreak: false)
        escape(value, table: Escapes.text)
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
        writer.escape(value, table: Escapes.text)
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
        bytes.append(contentsOf: repeatElement(0x20, count: level * 2))
    }

    private mutating func append(_ literal: StaticString) {
        literal.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Appends `value`, each byte of `escaped` replaced by its reference. A value with nothing to
    /// escape (most titles, dates and addresses) is copied whole; one with markup in it (an item's
    /// HTML) is escaped byte by byte into a buffer on the stack, each reference written as one
    /// eight-byte store from ``Escapes/referenceSlots``.
    private mutating func escape(_ value: String, table escaped: ByteSet) {
        var value = value
        value.withUTF8 { source in
            guard source.baseAddress != nil else { return }
            let first = escaped.firstIndex(in: source, from: 0)
            if first == source.count {
                bytes.append(contentsOf: source)
            } else if escaped.nonASCII {
                escapeWithCharacterReferences(source, from: first, table: escaped)
            } else {
                escapeASCII(source, from: first, table: escaped)
            }
        }
    }

    /// ``escape(_:table:)`` for a set of ASCII bytes: `source[..<first]` holds none of them. Sixteen
    /// bytes at a time are copied to a chunk on the stack while none of them needs escaping (in item
    /// HTML a reference comes every twenty-odd bytes); the chunk joins `bytes` stretch by stretch.
    private mutating func escapeASCII(_ source: UnsafeBufferPointer<UInt8>, from first: Int, table escaped: ByteSet) {
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: source[..<first]))
        // A stretch of source bytes at a time, short enough that even all of them escaped (six bytes
        // at most each), with one vector and one slot written past its end, fit the chunk: the loop
        // over its bytes needs no test for room.
        let stretch = 512
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: stretch * 6 + 32) { chunk in
            let chunk = chunk.baseAddress!
            Escapes.referenceSlots.withUnsafeBytes { slots in
                escaped.members.withUnsafeBufferPointer { members in
                    let members = members.baseAddress!
                    let slots = slots.baseAddress!
                    let base = source.baseAddress!
                    let count = source.count
                    var index = first
                    while index < count {
                        let stretchEnd = Swift.min(count, index &+ stretch)
                        var filled = 0
                        while index < stretchEnd {
                            if index &+ 16 <= count {
                                let vector = UnsafeRawPointer(base + index).loadUnaligned(as: SIMD16<UInt8>.self)
                                UnsafeMutableRawPointer(chunk + filled).storeBytes(of: vector, as: SIMD16<UInt8>.self)
                                if !escaped.containsAny(of: vector) {
                                    index &+= 16
                                    filled &+= 16
                                    continue
                                }
                                // Up to the byte to escape, the vector already stored stands.
                                while members[Int(base[index])] == 0 {
                                    index &+= 1
                                    filled &+= 1
                                }
                            } else if members[Int(base[index])] == 0 {
                                chunk[filled] = base[index]
                                index &+= 1
                                filled &+= 1
                                continue
                            }
                            // Slot `byte`: the reference's bytes, then its length in the last byte.
                            let slot = slots + Int(base[index]) &* Escapes.slotSize
                            UnsafeMutableRawPointer(chunk + filled)
                                .storeBytes(of: slot.loadUnaligned(as: UInt64.self), as: UInt64.self)
                            filled &+= Int(slot.load(fromByteOffset: Escapes.slotSize - 1, as: UInt8.self))
                            index &+= 1
                        }
                        bytes.append(contentsOf: UnsafeBufferPointer(start: chunk, count: filled))
                    }
                }
            }
        }
    }

    /// ``escape(_:table:)`` for a set that holds non-ASCII characters (a fragment's attribute
    /// values): runs with nothing to escape are copied whole, each character found becomes a
    /// reference.
    private mutating func escapeWithCharacterReferences(_ source: UnsafeBufferPointer<UInt8>, from first: Int,
                                                        table escaped: ByteSet) {
        let base = source.baseAddress!
        let count = source.count
        var runStart = 0
        var index = first
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
                appendReference(byte)
                index += 1
            }
            runStart = index
            index = escaped.firstIndex(in: source, from: runStart)
        }
    }

    /// The reference for one ASCII byte: a predefined entity, else a decimal character reference.
    private mutating func appendReference(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "<"): append("&lt;")
        case UInt8(ascii: ">"): append("&gt;")
        case UInt8(ascii: "&"): append("&amp;")
        case UInt8(ascii: "\""): append("&quot;")
        default:
            append("&#")
            bytes.append(contentsOf: String(byte).utf8)
            bytes.append(UInt8(ascii: ";"))
        }
    }
}

/// Which bytes each kind of value escapes, as libxml2 does: text escapes `<`, `>`, `&`, `"` and
/// carriage return; attribute values also tab and line feed (which a reader would otherwise turn into
/// spaces); a fragment's attribute values also every non-ASCII character.
private enum Escapes {
    /// `<`, `>`, `&`, `"` and carriage return.
    private static let markup = Array("<>&\"\r".utf8)

    static let text = ByteSet(markup)

    /// Bytes per slot of ``referenceSlots``.
    static let slotSize = 8

    /// One eight-byte slot per ASCII byte: the reference the byte is escaped as (at most seven
    /// bytes, `&quot;`, `&#13;`), padded, with its length in the slot's last byte; one eight-byte
    /// load and store writes a reference. The same references as ``XMLWriter/appendReference(_:)``.
    static let referenceSlots: [UInt8] = (0..<256).flatMap { byte -> [UInt8] in
        let reference: [UInt8] = switch UInt8(byte) {
        case UInt8(ascii: "<"): Array("&lt;".utf8)
        case UInt8(ascii: ">"): Array("&gt;".utf8)
        case UInt8(ascii: "&"): Array("&amp;".utf8)
        case UInt8(ascii: "\""): Array("&quot;".utf8)
        case 0..<0x80: Array("&#\(byte);".utf8)
        default: []  // non-ASCII bytes are never escaped by slot
        }
        return reference + Array(repeating: 0, count: slotSize - 1 - reference.count) + [UInt8(reference.count)]
    }
    static let documentAttribute = ByteSet(markup + [0x09, 0x0A])
    static let fragmentAttribute = ByteSet(markup + [0x09, 0x0A], nonASCII: true)

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
