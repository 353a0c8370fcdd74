#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Byte-level matching for the recogniser's hot paths: every test here looks at UTF-8 bytes, never
/// at `Character`s.
extension String.UTF8View {
    /// Whether the text starts with `prefix`, compared byte for byte.
    @inline(__always)
    func hasBytePrefix(_ prefix: StaticString) -> Bool {
        hasBytePrefix(prefix) { $0 }
    }

    /// Whether the text starts with `prefix`, ASCII letters compared without case.
    func hasBytePrefixIgnoringCase(_ prefix: StaticString) -> Bool {
        hasBytePrefix(prefix, folding: asciiLowercase)
    }

    /// Calls `body` with the bytes: a native string's in place, any other's copied first.
    @inline(__always)
    private func withContiguousBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        withContiguousStorageIfAvailable(body) ?? String(self).withBytes(body)
    }

    /// Whether the text starts with `prefix` once both sides pass through `fold`.
    @inline(__always)
    private func hasBytePrefix(_ prefix: StaticString, folding fold: (UInt8) -> UInt8) -> Bool {
        let count = prefix.utf8CodeUnitCount
        return withContiguousBytes { bytes in
            bytes.count >= count && prefix.withUTF8Buffer { prefixBytes in
                for offset in 0..<count where fold(bytes[offset]) != fold(prefixBytes[offset]) { return false }
                return true
            }
        }
    }

    /// Whether the text ends with `suffix`, compared byte for byte.
    func hasByteSuffix(_ suffix: StaticString) -> Bool {
        let count = suffix.utf8CodeUnitCount
        return withContiguousBytes { bytes in
            bytes.count >= count && suffix.withUTF8Buffer { suffixBytes in
                let start = bytes.count - count
                for offset in 0..<count where bytes[start + offset] != suffixBytes[offset] { return false }
                return true
            }
        }
    }
}

extension String {
    /// Calls `body` with the string's UTF-8 bytes, without copying a native string.
    @inline(__always)
    func withBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        var copy = self
        return try copy.withUTF8(body)
    }

    /// Whether the UTF-8 bytes contain `needle`, found with `memchr` on its first byte.
    func containsBytes(_ needle: [UInt8]) -> Bool {
        guard let first = needle.first else { return true }
        return withBytes { buffer in
            guard let base = buffer.baseAddress, buffer.count >= needle.count else { return false }
            var offset = 0
            let last = buffer.count - needle.count
            while offset <= last {
                guard let hit = memchr(base + offset, Int32(first), last - offset + 1) else { return false }
                let position = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                if memcmp(base + position, needle, needle.count) == 0 { return true }
                offset = position + 1
            }
            return false
        }
    }

    /// Whether the UTF-8 bytes contain `byte` (a `memchr`, not a walk over `Character`s).
    @inline(__always)
    func containsByte(_ byte: UInt8) -> Bool {
        withBytes { buffer in
            guard let base = buffer.baseAddress, !buffer.isEmpty else { return false }
            return memchr(base, Int32(byte), buffer.count) != nil
        }
    }
}

@inline(__always)
func asciiLowercase(_ byte: UInt8) -> UInt8 {
    byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte
}

@inline(__always)
func isASCIILetter(_ byte: UInt8) -> Bool {
    (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
}

@inline(__always)
func isASCIIDigit(_ byte: UInt8) -> Bool {
    byte >= 0x30 && byte <= 0x39
}

/// Finds `needle` in `haystack` from `start`; returns the offset of its first byte.
func firstOffset(of needle: [UInt8], in haystack: [UInt8], from start: Int = 0) -> Int? {
    guard let first = needle.first, haystack.count >= needle.count else { return nil }
    var index = start
    let last = haystack.count - needle.count
    while index <= last {
        if haystack[index] == first {
            var matched = true
            var offset = 1
            while offset < needle.count {
                if haystack[index + offset] != needle[offset] { matched = false; break }
                offset += 1
            }
            if matched { return index }
        }
        index += 1
    }
    return nil
}

/// The ellipsis the newsletter puts around a dek: `…` (U+2026) or three full stops.
enum Ellipsis {
    static let character: [UInt8] = [0xE2, 0x80, 0xA6]
    static let dots: [UInt8] = Array("...".utf8)

    /// Length of the ellipsis starting at `offset`, or 0.
    static func length(in bytes: [UInt8], at offset: Int) -> Int {
        if offset + 3 <= bytes.count {
            if bytes[offset] == 0xE2, bytes[offset + 1] == 0x80, bytes[offset + 2] == 0xA6 { return 3 }
            if bytes[offset] == 0x2E, bytes[offset + 1] == 0x2E, bytes[offset + 2] == 0x2E { return 3 }
        }
        return 0
    }

    /// Length of the ellipses that open `bytes`, with any stray full stops typed after them
    /// ("….Answer.ai"): where a dek's words begin.
    static func leadingLength(in bytes: [UInt8]) -> Int {
        var index = 0
        while length(in: bytes, at: index) > 0 { index += 3 }
        guard index > 0 else { return 0 }
        while index < bytes.count, bytes[index] == UInt8(ascii: ".") { index += 1 }
        return index
    }
}
