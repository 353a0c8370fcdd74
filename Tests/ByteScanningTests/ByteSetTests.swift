import ByteScanning
import Testing

struct ByteSetTests {
    /// Every place a member can stand — inside the first vector, on a vector's edge, in the tail
    /// shorter than a vector — is found, and the first of several wins.
    @Test func findsTheFirstMemberWhereverItStands() {
        let set = ByteSet(Array("<>&".utf8))
        for length in [0, 1, 15, 16, 17, 31, 32, 33, 47, 100] {
            let plain = [UInt8](repeating: UInt8(ascii: "a"), count: length)
            plain.withUnsafeBufferPointer { #expect(set.firstIndex(in: $0, from: 0) == length) }
            for position in 0..<length {
                var text = plain
                text[position] = UInt8(ascii: "&")
                if position + 3 < length { text[position + 3] = UInt8(ascii: "<") }
                text.withUnsafeBufferPointer { buffer in
                    #expect(set.firstIndex(in: buffer, from: 0) == position, "length \(length)")
                    #expect(set.firstIndex(in: buffer, from: position + 1) == (position + 3 < length ? position + 3 : length))
                }
            }
        }
    }

    @Test func controlCharactersAndNonASCIIBytesWhenAskedFor() {
        let quote = ByteSet([UInt8(ascii: "\"")])
        let json = ByteSet([UInt8(ascii: "\""), UInt8(ascii: "\\")], controlCharacters: true)
        let ascii = ByteSet([UInt8(ascii: "<")], nonASCII: true)
        let text = Array(String(repeating: "x", count: 20).utf8) + [0x09] + Array("é\"".utf8)
        text.withUnsafeBufferPointer { buffer in
            #expect(quote.firstIndex(in: buffer, from: 0) == 23)
            #expect(json.firstIndex(in: buffer, from: 0) == 20)
            #expect(ascii.firstIndex(in: buffer, from: 0) == 21)
        }
        #expect(json.contains(0x1F) && !json.contains(0x20) && json.contains(UInt8(ascii: "\\")))
        #expect(ascii.contains(0xC3) && !quote.contains(0xC3))
    }
}
