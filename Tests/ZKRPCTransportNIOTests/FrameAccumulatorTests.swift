import NIOCore
import Testing
import ZKProto
import ZKWire

@testable import ZKRPCTransportNIO

/// The frame cutter of both connection handlers, fed the same stream split at random places.
@Suite("Frame accumulator")
struct FrameAccumulatorTests {
    /// Frames with payloads from empty to 300 KB, as one byte stream.
    static func stream() -> (frames: [Frame], bytes: [UInt8]) {
        let sizes = [0, 1, 100, 16 * 1024 - 1, 16 * 1024, 70_000, 300_000, 5, 250_000, 0, 17_000]
        var frames: [Frame] = []
        var buffer = ByteBuffer()
        for (index, size) in sizes.enumerated() {
            let payload = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ index) }
            let frame = Frame(requestID: UInt64(index + 1), kind: .response, payload: payload)
            frames.append(frame)
            FrameEncoder.encode(frame, into: &buffer)
        }
        return (frames, Array(buffer.readableBytesView))
    }

    /// The stream cut into pieces of random sizes (deterministic), some tiny, some spanning several frames.
    static func pieces(_ bytes: [UInt8], seed: UInt64) -> [ByteBuffer] {
        var state = seed
        var pieces: [ByteBuffer] = []
        var offset = 0
        while offset < bytes.count {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let size = [1, 3, 4, 5, 1000, 65_536, 400_000][Int(state >> 61) % 7] + Int((state >> 33) % 97)
            let end = min(bytes.count, offset + size)
            pieces.append(ByteBuffer(bytes: bytes[offset..<end]))
            offset = end
        }
        return pieces
    }

    @Test("every split gives back the same frames; with slicing, large payloads come as slices equal to them")
    func splits() throws {
        let (frames, bytes) = Self.stream()
        for seed in 1...40 as ClosedRange<UInt64> {
            var plain = FrameAccumulator(maximumFrameBytes: 1 << 20)
            var sliced = FrameAccumulator(maximumFrameBytes: 1 << 20)
            var plainOut: [Frame] = []
            var slicedOut: [(Frame, ByteBuffer?)] = []
            for piece in Self.pieces(bytes, seed: seed) {
                try plain.read(piece) { plainOut.append($0) }
                try sliced.read(piece, slicingPayloadsFrom: 16 * 1024) { slicedOut.append(($0, $1)) }
            }
            #expect(plainOut == frames)
            #expect(slicedOut.count == frames.count)
            for ((frame, slice), expected) in zip(slicedOut, frames) {
                #expect(frame.requestID == expected.requestID && frame.kind == expected.kind)
                if expected.payload.count >= 16 * 1024 {
                    #expect(frame.payload.isEmpty)
                    #expect(slice.map { Array($0.readableBytesView) } == expected.payload)
                } else {
                    #expect(slice == nil)
                    #expect(frame.payload == expected.payload)
                }
            }
        }
    }

    @Test("slices handed out stay intact while later frames are read into the same buffers")
    func slicesOutliveLaterReads() throws {
        let (frames, bytes) = Self.stream()
        var accumulator = FrameAccumulator(maximumFrameBytes: 1 << 20)
        var kept: [(UInt64, ByteBuffer)] = []
        for piece in Self.pieces(bytes, seed: 99) {
            try accumulator.read(piece, slicingPayloadsFrom: 1) { frame, slice in
                if let slice { kept.append((frame.requestID, slice)) }
            }
        }
        for (id, slice) in kept {
            #expect(Array(slice.readableBytesView) == frames[Int(id) - 1].payload)
        }
        #expect(kept.count == frames.filter { !$0.payload.isEmpty }.count)
    }

    @Test("a read that completes a kept frame copies only what it lacked: the frames after it are cut from the read")
    func framesAfterAKeptOneAreNotCopied() throws {
        let first = Frame(requestID: 1, kind: .response, payload: Array(repeating: 1, count: 40_000))
        let second = Frame(requestID: 2, kind: .response, payload: Array(repeating: 2, count: 50_000))
        var stream = ByteBuffer()
        FrameEncoder.encode(first, into: &stream)
        let firstLength = stream.readableBytes
        FrameEncoder.encode(second, into: &stream)
        for split in [2, 4, 7, 20_000, firstLength - 1] {
            let head = stream.getSlice(at: 0, length: split)!
            let rest = ByteBuffer(bytes: stream.readableBytesView.dropFirst(split))  // a read buffer of its own
            var accumulator = FrameAccumulator(maximumFrameBytes: 1 << 20)
            var out: [(Frame, ByteBuffer?)] = []
            try accumulator.read(head, slicingPayloadsFrom: 16 * 1024) { out.append(($0, $1)) }
            #expect(out.isEmpty)
            try accumulator.read(rest, slicingPayloadsFrom: 16 * 1024) { out.append(($0, $1)) }
            try #require(out.count == 2)
            #expect(out.map(\.0.requestID) == [1, 2])
            #expect(out.map { $0.1.map { Array($0.readableBytesView) } } == [first.payload, second.payload])
            // The second payload is a view of the read that carried it, not a copy.
            let restStart = rest.withUnsafeReadableBytes { $0.baseAddress! }
            let payloadStart = out[1].1!.withUnsafeReadableBytes { $0.baseAddress! }
            let offset = payloadStart - restStart
            #expect(offset > 0 && offset < firstLength - split + 16)
        }
    }

    @Test("a frame over the whole-frame reservation (9 MiB) arrives whole through many reads, sliced or not")
    func largeFrameOverManyReads() throws {
        let payload = (0..<(9 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ ($0 >> 12)) }
        let frame = Frame(requestID: 7, kind: .response, payload: payload)
        var buffer = ByteBuffer()
        FrameEncoder.encode(frame, into: &buffer)
        FrameEncoder.encode(Frame(requestID: 8, kind: .response, payload: [1, 2, 3]), into: &buffer)
        let bytes = Array(buffer.readableBytesView)
        #expect(bytes.count > FrameAccumulator.reserveWholeFrameBytes)
        for chunk in [1000, 65_536, 1 << 20] {
            var plain = FrameAccumulator(maximumFrameBytes: 16 << 20)
            var sliced = FrameAccumulator(maximumFrameBytes: 16 << 20)
            var plainOut: [Frame] = []
            var slicedOut: [(Frame, ByteBuffer?)] = []
            var offset = 0
            while offset < bytes.count {
                // The first pieces are small, then `chunk`-sized: at least three reads per frame.
                let end = min(bytes.count, offset + (offset < 10 ? 2 : chunk))
                let piece = ByteBuffer(bytes: bytes[offset..<end])
                try plain.read(piece) { plainOut.append($0) }
                try sliced.read(piece, slicingPayloadsFrom: 16 * 1024) { slicedOut.append(($0, $1)) }
                offset = end
            }
            #expect(plainOut.map(\.requestID) == [7, 8])
            #expect(plainOut.first?.payload == payload)
            #expect(slicedOut.map(\.0.requestID) == [7, 8])
            #expect(slicedOut.first?.1.map { Array($0.readableBytesView) } == payload)
        }
    }

    @Test("completing a kept frame reserves for that frame, not for the frames that follow it in the same read")
    func completionReservesForItsFrame() throws {
        let first = Frame(requestID: 1, kind: .response, payload: [UInt8](repeating: 7, count: 40_000))
        var stream = ByteBuffer()
        FrameEncoder.encode(first, into: &stream)
        for id in 2...20 {
            FrameEncoder.encode(Frame(requestID: UInt64(id), kind: .response, payload: [UInt8](repeating: 1, count: 60_000)), into: &stream)
        }
        let bytes = Array(stream.readableBytesView)
        var accumulator = FrameAccumulator(maximumFrameBytes: 1 << 20)
        var slices: [UInt64: ByteBuffer] = [:]
        // The first read carries 2 bytes of the first header; the second everything else (over 1 MiB).
        for piece in [bytes[0..<2], bytes[2...]] {
            try accumulator.read(ByteBuffer(bytes: piece), slicingPayloadsFrom: 16 * 1024) { frame, slice in
                slices[frame.requestID] = slice
            }
        }
        #expect(slices.count == 20)
        let slice = try #require(slices[1])
        #expect(Array(slice.readableBytesView) == first.payload)
        // The completed frame's buffer is about its own size (a read of over 1 MiB would have reserved that much).
        #expect(slice.storageCapacity < 2 * 40_000, "capacity \(slice.storageCapacity)")
    }

    @Test("a header announcing a large frame, and nothing after it, holds 64 KiB, not the frame's length")
    func announcedButUnsentFrame() throws {
        for announced in [300_000, 8 << 20, 60 << 20] {
            var accumulator = FrameAccumulator(maximumFrameBytes: 64 << 20)
            var header = ByteBuffer()
            header.writeInteger(UInt32(announced), endianness: .big)
            try accumulator.read(header) { _ in Issue.record("no frame yet") }
            #expect(accumulator.bufferedCapacity <= 128 << 10)
            // As bytes arrive the room follows them: 16 times what came, the whole frame once that covers it.
            try accumulator.read(ByteBuffer(bytes: [UInt8](repeating: 1, count: 100_000))) { _ in
                Issue.record("no frame yet")
            }
            let whole = FrameDecoder.headerBytes + announced
            let expected = announced <= FrameAccumulator.reserveWholeFrameBytes ? min(whole, 100_004 * 16) : 100_004
            #expect(accumulator.bufferedCapacity >= expected)
            #expect(accumulator.bufferedCapacity <= max(expected, 100_004) * 2)
        }
    }

    @Test("an oversized length split across reads is refused when its 4th byte arrives, sliced or not")
    func oversizedAcrossReads() throws {
        var header = ByteBuffer()
        header.writeInteger(UInt32(2 << 20), endianness: .big)
        var plain = FrameAccumulator(maximumFrameBytes: 1 << 20)
        var sliced = FrameAccumulator(maximumFrameBytes: 1 << 20)
        for index in 0..<3 {
            try plain.read(header.getSlice(at: index, length: 1)!) { _ in }
            try sliced.read(header.getSlice(at: index, length: 1)!, slicingPayloadsFrom: 16) { _, _ in }
        }
        let last = header.getSlice(at: 3, length: 1)!
        #expect(throws: WireError.self) { try plain.read(last) { _ in } }
        #expect(throws: WireError.self) { try sliced.read(last, slicingPayloadsFrom: 16) { _, _ in } }
    }

    @Test("an oversized length is refused as soon as it arrives, sliced or not")
    func oversized() {
        var header = ByteBuffer()
        header.writeInteger(UInt32(2 << 20), endianness: .big)
        var plain = FrameAccumulator(maximumFrameBytes: 1 << 20)
        var sliced = FrameAccumulator(maximumFrameBytes: 1 << 20)
        #expect(throws: WireError.self) { try plain.read(header) { _ in } }
        #expect(throws: WireError.self) { try sliced.read(header, slicingPayloadsFrom: 16) { _, _ in } }
    }
}
