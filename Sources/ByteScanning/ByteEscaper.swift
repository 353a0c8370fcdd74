/// Escaping by table, for writers of text formats (XML character data, JSON strings): a set of
/// ASCII bytes and, for each, the bytes written in its place (at most seven: `&quot;`, `\u001f`).
///
/// Sixteen bytes at a time are copied while none of them is in the set — in item HTML a byte to
/// escape comes every twenty-odd bytes, in prose far fewer — and each replacement is written with
/// one eight-byte load and store from a table of eight-byte slots. Output is gathered in a buffer on
/// the stack and joins the caller's array a stretch at a time.
public struct ByteEscaper: Sendable {
    /// The bytes replaced.
    public let set: ByteSet
    /// One eight-byte slot per byte value: its replacement, padded, with the replacement's length in
    /// the slot's last byte.
    private let slots: [UInt8]
    /// The longest replacement.
    private let longest: Int

    private static let slotSize = 8

    /// An escaper of the bytes of `set` (which must hold no non-ASCII byte), each written as
    /// `replacement(byte)`, one to seven bytes long.
    public init(_ set: ByteSet, replacement: (UInt8) -> [UInt8]) {
        precondition(!set.nonASCII, "a ByteEscaper replaces ASCII bytes")
        var slots = [UInt8](repeating: 0, count: 256 * Self.slotSize)
        var longest = 1
        for byte in 0..<256 where set.contains(UInt8(byte)) {
            let bytes = replacement(UInt8(byte))
            precondition((1..<Self.slotSize).contains(bytes.count), "a replacement is one to seven bytes")
            slots.replaceSubrange(byte * Self.slotSize..<(byte * Self.slotSize + bytes.count), with: bytes)
            slots[byte * Self.slotSize + Self.slotSize - 1] = UInt8(bytes.count)
            longest = max(longest, bytes.count)
        }
        self.set = set
        self.slots = slots
        self.longest = longest
    }

    /// Appends `source` to `output`, every byte of the set replaced.
    public func append(_ source: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        let first = set.firstIndex(in: source, from: 0)
        output.append(contentsOf: UnsafeBufferPointer(rebasing: source[..<first]))
        guard first < source.count else { return }
        // A stretch of source bytes at a time, short enough that even all of them replaced (and the
        // fifteen a last vector may take past its end), with sixteen bytes stored past the last, fit
        // the chunk: no test for room per byte. The chunk stays small enough for the stack.
        let chunkSize = 960
        let stretch = (chunkSize - 16) / longest - 15
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: chunkSize) { chunk in
            let chunk = chunk.baseAddress!
            slots.withUnsafeBytes { slots in
                set.members.withUnsafeBufferPointer { members in
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
                                // Up to the byte to replace, the vector already stored stands.
                                let offset = set.firstMemberOffset(in: vector)
                                index &+= offset
                                filled &+= offset
                                if offset == 16 { continue }
                            } else if members[Int(base[index])] == 0 {
                                chunk[filled] = base[index]
                                index &+= 1
                                filled &+= 1
                                continue
                            }
                            let slot = slots + Int(base[index]) &* Self.slotSize
                            UnsafeMutableRawPointer(chunk + filled)
                                .storeBytes(of: slot.loadUnaligned(as: UInt64.self), as: UInt64.self)
                            filled &+= Int(slot.load(fromByteOffset: Self.slotSize - 1, as: UInt8.self))
                            index &+= 1
                        }
                        output.append(contentsOf: UnsafeBufferPointer(start: chunk, count: filled))
                    }
                }
            }
        }
    }
}
