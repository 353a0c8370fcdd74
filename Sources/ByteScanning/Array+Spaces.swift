extension Array where Element == UInt8 {
    /// Appends `count` spaces (indentation), without a loop over them.
    public mutating func append(spaces count: Int) {
        let spaces: StaticString = "                                                                "
        var left = count
        while left > 0 {
            let now = Swift.min(left, spaces.utf8CodeUnitCount)
            spaces.withUTF8Buffer { append(contentsOf: UnsafeBufferPointer(rebasing: $0[..<now])) }
            left -= now
        }
    }
}
