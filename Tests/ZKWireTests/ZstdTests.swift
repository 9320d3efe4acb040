import Testing
import ZKWire

@Suite("zstd with a hard cap on decompressed size")
struct ZstdTests {
    static func pseudoELF(_ count: Int) -> [UInt8] {
        var state: UInt32 = 0x1234_5678
        return (0..<count).map { index in
            if index % 64 < 40 { return UInt8(truncatingIfNeeded: index / 64) }  // compressible runs
            state = state &* 1_664_525 &+ 1_013_904_223
            return UInt8(truncatingIfNeeded: state >> 24)
        }
    }

    @Test("round trip", arguments: [0, 1, 1000, 131_072, 1_000_003])
    func roundTrip(size: Int) throws {
        let data = Self.pseudoELF(size)
        let compressed = try Zstd.compress(data)
        #expect(try Zstd.decompress(compressed, declaredSize: UInt64(size), maximumSize: 2_000_000) == data)
        // From bytes held elsewhere (here: the tail of a larger buffer), the same.
        let held = [0xEE, 0xEE] + compressed
        let fromPointer = try held.withUnsafeBytes { bytes in
            try Zstd.decompress(
                UnsafeRawBufferPointer(rebasing: bytes[2...]),
                declaredSize: UInt64(size),
                maximumSize: 2_000_000
            )
        }
        #expect(fromPointer == data)
    }

    @Test("a 32 KiB bomb that expands to 1 GiB is refused after the declared size")
    func bomb() throws {
        let bomb = ZstdBomb.make(blocks: 8192)
        #expect(bomb.count < 33 * 1024)
        #expect(ZstdBomb.expandedSize(blocks: 8192) == 1 << 30)  // the construction itself is checked below
        let error = try #require(throws: ZstdError.self) {
            try Zstd.decompress(bomb, declaredSize: 10 << 20, maximumSize: 64 << 20)
        }
        #expect(error.code == .exceedsDeclaredSize)
    }

    @Test("the bomb decodes when it is honest and small")
    func smallBombIsValid() throws {
        let frame = ZstdBomb.make(blocks: 3, byte: 7)
        let data = try Zstd.decompress(frame, declaredSize: ZstdBomb.expandedSize(blocks: 3), maximumSize: 1 << 20)
        #expect(data == [UInt8](repeating: 7, count: 3 * 131_072))
    }

    @Test("a declared size above the cap is refused before decoding")
    func declaredTooLarge() throws {
        let compressed = try Zstd.compress([1, 2, 3])
        let error = try #require(throws: ZstdError.self) {
            try Zstd.decompress(compressed, declaredSize: 1 << 40, maximumSize: 64 << 20)
        }
        #expect(error.code == .declaredSizeTooLarge)
    }

    @Test("a declared size that lies is refused", arguments: [-1, 1])
    func lyingSize(delta: Int) throws {
        let data = Self.pseudoELF(5000)
        let compressed = try Zstd.compress(data)
        let error = try #require(throws: ZstdError.self) {
            try Zstd.decompress(compressed, declaredSize: UInt64(5000 + delta), maximumSize: 1 << 20)
        }
        #expect(error.code == (delta < 0 ? .exceedsDeclaredSize : .shorterThanDeclared))
    }

    @Test("corrupt and truncated frames are refused")
    func corrupt() throws {
        let data = Self.pseudoELF(100_000)
        var compressed = try Zstd.compress(data)
        #expect(throws: ZstdError.self) { try Zstd.decompress([1, 2, 3, 4, 5], declaredSize: 5, maximumSize: 100) }
        let truncated = Array(compressed.prefix(compressed.count / 2))
        #expect(throws: ZstdError.self) { try Zstd.decompress(truncated, declaredSize: 100_000, maximumSize: 1 << 20) }
        compressed[compressed.count / 2] ^= 0xFF
        compressed[compressed.count / 2 + 1] ^= 0x5A
        // Either the decoder notices, or the output differs; it must never crash or over-allocate.
        if let output = try? Zstd.decompress(compressed, declaredSize: 100_000, maximumSize: 1 << 20) {
            #expect(output != data)
        }
    }

    @Test("trailing garbage after the frame is refused")
    func trailing() throws {
        let compressed = try Zstd.compress(Self.pseudoELF(1000)) + [0xDE, 0xAD]
        #expect(throws: ZstdError.self) { try Zstd.decompress(compressed, declaredSize: 1000, maximumSize: 1 << 20) }
    }
}
