/// Hand-built zstd frames that expand far beyond their size (RFC 8878 §3.1.1: frame header, then RLE blocks).
enum ZstdBomb {
    /// A frame of `blocks` RLE blocks of 128 KiB each (4 bytes per block), with no content size in its header.
    ///
    /// 8,192 blocks make 32 KiB that expand to 1 GiB: the best ratio zstd's format allows.
    static func make(blocks: Int, byte: UInt8 = 0) -> [UInt8] {
        var out: [UInt8] = [0x28, 0xB5, 0x2F, 0xFD]  // magic 0xFD2FB528, little-endian
        out.append(0x00)  // frame header descriptor: no content size, not single segment, no checksum, no dict
        out.append(0x38)  // window descriptor: exponent 7 → window log 17 (128 KiB)
        for index in 0..<blocks {
            let last: UInt32 = index == blocks - 1 ? 1 : 0
            let header = last | (1 << 1) | (131_072 << 3)  // Block_Type 1 = RLE, Block_Size = regenerated size
            out += [UInt8(header & 0xFF), UInt8((header >> 8) & 0xFF), UInt8((header >> 16) & 0xFF), byte]
        }
        return out
    }

    /// Bytes that expand to `blocks` × 128 KiB.
    static func expandedSize(blocks: Int) -> UInt64 { UInt64(blocks) * 131_072 }
}
