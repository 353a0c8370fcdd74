/// A few bytes to look for in text — the bytes a writer must escape, the bytes that end a JSON
/// string — found sixteen at a time: long runs of ordinary text (item HTML of many kilobytes) are
/// skipped with a handful of vector comparisons instead of a test per byte.
public struct ByteSet: Sendable {
    /// The bytes looked for, each repeated across a vector; unused places repeat the first byte.
    @usableFromInline let targets: (SIMD16<UInt8>, SIMD16<UInt8>, SIMD16<UInt8>, SIMD16<UInt8>,
                                    SIMD16<UInt8>, SIMD16<UInt8>, SIMD16<UInt8>)
    /// One entry per byte value: 1 for a byte of the set, else 0 (for loops that test every byte).
    @usableFromInline let members: [UInt8]
    @usableFromInline let controlCharacters: Bool
    /// Whether every byte of a non-ASCII character is in the set.
    @usableFromInline let nonASCII: Bool

    /// The set of `bytes` (one to seven ASCII bytes), plus every control character below 0x20 when
    /// `controlCharacters`, plus every byte of a non-ASCII character when `nonASCII`.
    public init(_ bytes: [UInt8], controlCharacters: Bool = false, nonASCII: Bool = false) {
        precondition(!bytes.isEmpty && bytes.count <= 7, "a ByteSet holds one to seven bytes")
        let padded = bytes + Array(repeating: bytes[0], count: 7 - bytes.count)
        targets = (SIMD16(repeating: padded[0]), SIMD16(repeating: padded[1]), SIMD16(repeating: padded[2]),
                   SIMD16(repeating: padded[3]), SIMD16(repeating: padded[4]), SIMD16(repeating: padded[5]),
                   SIMD16(repeating: padded[6]))
        members = (0...255).map { byte in
            bytes.contains(UInt8(byte)) || (controlCharacters && byte < 0x20) || (nonASCII && byte >= 0x80) ? 1 : 0
        }
        self.controlCharacters = controlCharacters
        self.nonASCII = nonASCII
    }

    /// Whether `byte` is in the set.
    @inlinable
    public func contains(_ byte: UInt8) -> Bool { members[Int(byte)] != 0 }

    /// The offset (0…15) of the first of the sixteen bytes of `chunk` that is in the set; 16 when
    /// none is.
    @inlinable
    public func firstMemberOffset(in chunk: SIMD16<UInt8>) -> Int {
        var found = (chunk .== targets.0) .| (chunk .== targets.1) .| (chunk .== targets.2) .| (chunk .== targets.3)
            .| (chunk .== targets.4) .| (chunk .== targets.5) .| (chunk .== targets.6)
        if controlCharacters { found = found .| (chunk .< SIMD16(repeating: 0x20)) }
        if nonASCII { found = found .| (chunk .>= SIMD16(repeating: 0x80)) }
        return found.firstSetLane
    }

    /// The index of the first byte of the set in `buffer` at or after `start`; `buffer.count` when
    /// there is none.
    @inlinable
    public func firstIndex(in buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard let base = buffer.baseAddress else { return buffer.count }
        let count = buffer.count
        return members.withUnsafeBufferPointer { members in
            // Whole vectors, the first member's place read from the one that holds it; the last few
            // bytes one by one.
            var index = start
            while index + 16 <= count {
                let offset = firstMemberOffset(in: UnsafeRawPointer(base + index).loadUnaligned(as: SIMD16<UInt8>.self))
                if offset < 16 { return index + offset }
                index += 16
            }
            while index < count {
                if members[Int(base[index])] != 0 { return index }
                index += 1
            }
            return count
        }
    }
}
