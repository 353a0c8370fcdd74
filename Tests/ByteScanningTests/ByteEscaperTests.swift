import ByteScanning
import Testing

struct ByteEscaperTests {
    static let markup = ByteEscaper(ByteSet(Array("<>&\"\r".utf8))) { byte in
        switch byte {
        case UInt8(ascii: "<"): Array("&lt;".utf8)
        case UInt8(ascii: "&"): Array("&amp;".utf8)
        case UInt8(ascii: "\""): Array("&quot;".utf8)
        default: Array("&#\(byte);".utf8)
        }
    }

    /// The escaper's output against the plainest escaping there is — byte by byte — for bytes to
    /// replace at every place a vector or a stretch can put them: first, last, on a vector's edge,
    /// in a tail shorter than a vector, back to back, and across the stretches of a long text.
    @Test func replacesEveryByteWhereverItStands() {
        func expected(_ text: [UInt8]) -> [UInt8] {
            text.flatMap { byte -> [UInt8] in
                switch byte {
                case UInt8(ascii: "<"): Array("&lt;".utf8)
                case UInt8(ascii: ">"): Array("&#62;".utf8)
                case UInt8(ascii: "&"): Array("&amp;".utf8)
                case UInt8(ascii: "\""): Array("&quot;".utf8)
                case 0x0D: Array("&#13;".utf8)
                default: [byte]
                }
            }
        }
        var texts: [[UInt8]] = [[], Array("plain".utf8), Array("<".utf8), Array("\"\"\"\"".utf8)]
        for length in [15, 16, 17, 31, 33, 200, 3_000] {
            let plain = (0..<length).map { UInt8(ascii: "a") + UInt8($0 % 26) }
            for position in [0, 1, 14, 15, 16, 17, length / 2, length - 2, length - 1] where position >= 0 && position < length {
                var text = plain
                text[position] = UInt8(ascii: "<")
                texts.append(text)
            }
            texts.append(plain)
            texts.append((0..<length).map { $0 % 3 == 0 ? UInt8(ascii: "\"") : ($0 % 7 == 0 ? 0x0D : 0xC3) })
            texts.append([UInt8](repeating: UInt8(ascii: "&"), count: length))  // every byte replaced
        }
        for text in texts {
            var output = Array("prefix:".utf8)
            text.withUnsafeBufferPointer { Self.markup.append($0, to: &output) }
            #expect(output == Array("prefix:".utf8) + expected(text), "text of \(text.count) bytes")
        }
    }

    @Test func firstMemberOffsetReadsTheVectorsLanesInOrder() {
        let set = ByteSet(Array("<&".utf8), controlCharacters: true)
        #expect(set.firstMemberOffset(in: SIMD16(repeating: UInt8(ascii: "a"))) == 16)
        for lane in 0..<16 {
            var vector = SIMD16<UInt8>(repeating: UInt8(ascii: "a"))
            vector[lane] = 0x09
            if lane < 15 { vector[15] = UInt8(ascii: "<") }
            #expect(set.firstMemberOffset(in: vector) == lane)
        }
    }

    @Test func spacesOfAnyCount() {
        for count in [0, 1, 2, 63, 64, 65, 200] {
            var bytes: [UInt8] = [1]
            bytes.append(spaces: count)
            #expect(bytes == [1] + [UInt8](repeating: 0x20, count: count))
        }
    }
}
