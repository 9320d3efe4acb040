import NIOCore
import Testing
import ZKProto
import ZKWire

@Suite("Length-prefixed frame codec")
struct FrameCodecTests {
    static func encoded(_ frame: Frame) -> ByteBuffer {
        var buffer = ByteBuffer()
        FrameEncoder.encode(frame, into: &buffer)
        return buffer
    }

    static let sample = Frame(
        requestID: 42,
        kind: .request,
        method: "zkfaas.v1.Registry/GetProgram",
        deadlineMs: 1500,
        metadata: [MetadataEntry(key: "api-key", value: "k1")],
        payload: [1, 2, 3, 0, 255]
    )

    /// Feeds `pieces` one after the other into one buffer, decoding every whole frame as soon as it is there.
    static func decodeAll(_ pieces: [ByteBuffer], maximumFrameBytes: Int = 4096) throws -> [Frame] {
        let decoder = FrameDecoder(maximumFrameBytes: maximumFrameBytes)
        var buffer = ByteBuffer()
        var frames: [Frame] = []
        for var piece in pieces {
            buffer.writeBuffer(&piece)
            while let frame = try decoder.decodeFrame(from: &buffer) { frames.append(frame) }
        }
        #expect(buffer.readableBytes == 0)
        return frames
    }

    @Test("the header is the big-endian length of the protobuf body")
    func header() {
        var buffer = Self.encoded(Self.sample)
        let body = Self.sample.serializedBytes()
        #expect(buffer.readInteger(endianness: .big, as: UInt32.self) == UInt32(body.count))
        #expect(buffer.readBytes(length: buffer.readableBytes) == body)
    }

    @Test("a frame split byte by byte decodes once, when its last byte arrives, and consumes nothing before")
    func splitFrames() throws {
        var stream = Self.encoded(Self.sample)
        let firstLength = stream.readableBytes
        stream.writeImmutableBuffer(Self.encoded(Frame(requestID: 43, kind: .ping)))
        let decoder = FrameDecoder(maximumFrameBytes: 1024)
        var buffer = ByteBuffer()
        var decodedAt: [Int: Frame] = [:]
        var offset = 0
        while var byte = stream.readSlice(length: 1) {
            offset += 1
            buffer.writeBuffer(&byte)
            let before = buffer.readableBytes
            if let frame = try decoder.decodeFrame(from: &buffer) {
                decodedAt[offset] = frame
            } else {
                #expect(buffer.readableBytes == before)
            }
        }
        #expect(decodedAt == [firstLength: Self.sample, offset: Frame(requestID: 43, kind: .ping)])
    }

    @Test("every split of a stream of frames, into two pieces, decodes the same frames")
    func everySplit() throws {
        var frames: [Frame] = []
        var stream = ByteBuffer()
        for index in 0..<12 {
            let frame = Frame(
                requestID: UInt64(index),
                kind: .request,
                method: "m\(index)",
                payload: Array(repeating: UInt8(index), count: index * 7)
            )
            frames.append(frame)
            FrameEncoder.encode(frame, into: &stream)
        }
        for split in 0...stream.readableBytes {
            let pieces = [
                stream.getSlice(at: 0, length: split)!,
                stream.getSlice(at: split, length: stream.readableBytes - split)!,
            ]
            #expect(try Self.decodeAll(pieces) == frames)
        }
    }

    @Test("an oversized length header fails before any body byte arrives")
    func oversized() throws {
        var header = ByteBuffer()
        header.writeInteger(UInt32(1025), endianness: .big)
        let error = try #require(throws: WireError.self) {
            try FrameDecoder(maximumFrameBytes: 1024).decodeFrame(from: &header)
        }
        #expect(error.code == .frameTooLarge)
        // The limit itself is fine: the decoder waits for the body.
        var atLimit = ByteBuffer()
        atLimit.writeInteger(UInt32(1024), endianness: .big)
        #expect(try FrameDecoder(maximumFrameBytes: 1024).decodeFrame(from: &atLimit) == nil)
    }

    @Test("a 4 GiB length header is refused as soon as its 4 bytes arrive")
    func hugeHeader() throws {
        var header = ByteBuffer()
        header.writeInteger(UInt32.max, endianness: .big)
        let error = try #require(throws: WireError.self) {
            try FrameDecoder(maximumFrameBytes: 64 << 20).decodeFrame(from: &header)
        }
        #expect(error.code == .frameTooLarge)
    }

    @Test("a body that is not a Frame message is malformed")
    func malformed() throws {
        var buffer = ByteBuffer()
        buffer.writeInteger(UInt32(3), endianness: .big)
        buffer.writeBytes([0xFF, 0xFF, 0xFF])
        let error = try #require(throws: WireError.self) {
            try FrameDecoder(maximumFrameBytes: 1024).decodeFrame(from: &buffer)
        }
        #expect(error.code == .malformedFrame)
    }
}
