extension SIMDMask where Storage == SIMD16<Int8> {
    /// The first lane that is set (0…15), or 16 when none is. Each lane of a comparison's mask is
    /// all ones or all zeros: read as two 64-bit words (lane 0 lowest), the first set lane is a count
    /// of trailing zero bits away, where `any(_:)` and a search of the lanes compile to reductions
    /// across the sixteen lanes several times as long.
    @inlinable
    public var firstSetLane: Int {
        let words = unsafeBitCast(self, to: SIMD2<UInt64>.self)
        let low = UInt64(littleEndian: words[0])
        if low != 0 { return low.trailingZeroBitCount >> 3 }
        let high = UInt64(littleEndian: words[1])
        return high != 0 ? 8 + high.trailingZeroBitCount >> 3 : 16
    }
}
