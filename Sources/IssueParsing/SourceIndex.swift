#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import IssueModel

/// An input's bytes with the offset of every line, to turn a byte offset into a line and column and
/// to find where the input writes a piece of text (a link's address).
struct SourceIndex: Sendable {
    let bytes: [UInt8]
    /// `lineStarts[n]` is the offset of the first byte of line `n + 1`.
    private let lineStarts: [Int]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        var starts = [0]
        bytes.withUnsafeBufferPointer { buffer in
            var offset = 0
            while offset < buffer.count {
                guard let newline = buffer.firstIndex(of: 0x0A, from: offset) else { break }
                starts.append(newline + 1)
                offset = newline + 1
            }
        }
        lineStarts = starts
    }

    /// How many lines the input has (a last line without a newline counts; an empty input has one).
    var lineCount: Int { lineStarts.count }

    /// The offset where 1-based `line` starts; the end of the input past the last line.
    func offset(ofLine line: Int) -> Int {
        guard line >= 1 else { return 0 }
        return line <= lineStarts.count ? lineStarts[line - 1] : bytes.count
    }

    /// The 1-based line and byte column of `offset`.
    func position(ofOffset offset: Int) -> SourcePosition {
        // The last line start at or before the offset.
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        return SourcePosition(line: low + 1, column: offset - lineStarts[low] + 1)
    }

    /// The first offset in `range` where `needle` is written, or nil.
    func firstOffset(of needle: [UInt8], in range: Range<Int>) -> Int? {
        guard let first = needle.first else { return nil }
        let upper = min(range.upperBound, bytes.count)
        var offset = max(range.lowerBound, 0)
        while offset + needle.count <= upper {
            guard let candidate = bytes.withUnsafeBufferPointer({ $0.firstIndex(of: first, from: offset) }),
                  candidate + needle.count <= upper else { return nil }
            if bytes[candidate..<(candidate + needle.count)].elementsEqual(needle) { return candidate }
            offset = candidate + 1
        }
        return nil
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// The index of the first `byte` at or after `start` (memchr).
    func firstIndex(of byte: UInt8, from start: Int) -> Int? {
        guard let base = baseAddress, start < count else { return nil }
        guard let found = memchr(base + start, Int32(byte), count - start) else { return nil }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }
}
