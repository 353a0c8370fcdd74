/// Writes dates and times as text a byte at a time: a build writes two of each item's moments in
/// every format, and string interpolation of padded numbers costs thousands of instructions each.
enum DecimalText {
    /// The text `write` puts in a buffer of `capacity` bytes; `write` returns how many it wrote, or
    /// nil when a number does not fit its field (then `fallback` gives the text).
    static func make(capacity: Int, _ write: (inout Writer) -> Bool, fallback: () -> String) -> String {
        var fits = true
        let text = String(unsafeUninitializedCapacity: capacity) { buffer in
            var writer = Writer(buffer: buffer)
            fits = write(&writer)
            return fits ? writer.count : 0
        }
        return fits ? text : fallback()
    }

    /// Puts digits and separators into a buffer.
    struct Writer {
        fileprivate let buffer: UnsafeMutableBufferPointer<UInt8>
        fileprivate(set) var count = 0

        /// `value` as exactly `width` decimal digits; false when it is negative or needs more.
        mutating func digits(_ value: Int, width: Int) -> Bool {
            guard value >= 0, count + width <= buffer.count else { return false }
            var rest = value
            for position in stride(from: count + width - 1, through: count, by: -1) {
                buffer[position] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            }
            count += width
            return rest == 0
        }

        mutating func byte(_ byte: UInt8) -> Bool {
            guard count < buffer.count else { return false }
            buffer[count] = byte
            count += 1
            return true
        }
    }
}
