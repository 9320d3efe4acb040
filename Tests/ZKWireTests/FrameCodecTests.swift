import NIOCore
import NIOEmbedded
import NIOTestUtils
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

    static func channel(max: Int = 1024) throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(
            ByteToMessageHandler(FrameDecoder(maximumFrameBytes: max), maximumBufferSize: max + 4)
        )
        try channel.pipeline.syncOperations.addHandler(MessageToByteHandler(FrameEncoder()))
        return channel
    }

    static let sample = Frame(
        requestID: 42,
        kind: .request,
        method: "zkfaas.v1.Registry/GetProgram",
        deadlineMs: 1500,
        metadata: [MetadataEntry(key: "api-key", value: "k1")],
        payload: [1, 2, 3, 0, 255]
    )

    @Test("the header is the big-endian length of the protobuf body")
    func header() {
        var buffer = Self.encoded(Self.sample)
        let body = Self.sample.serializedBytes()
        #expect(buffer.readInteger(endianness: .big, as: UInt32.self) == UInt32(body.count))
        #expect(buffer.readBytes(length: buffer.readableBytes) == body)
    }

    @Test("a frame split byte by byte decodes once")
    func splitFrames() throws {
        let channel = try Self.channel()
        var buffer = Self.encoded(Self.sample)
        buffer.writeImmutableBuffer(Self.encoded(Frame(requestID: 43, kind: .ping)))
        while let byte = buffer.readSlice(length: 1) {
            try channel.writeInbound(byte)
        }
        #expect(try channel.readInbound(as: Frame.self) == Self.sample)
        #expect(try channel.readInbound(as: Frame.self) == Frame(requestID: 43, kind: .ping))
        #expect(try channel.readInbound(as: Frame.self) == nil)
        #expect(try channel.finish().isClean)
    }

    @Test("frames written outbound come out length-prefixed")
    func outbound() throws {
        let channel = try Self.channel()
        try channel.writeOutbound(Self.sample)
        let written = try #require(try channel.readOutbound(as: ByteBuffer.self))
        #expect(written == Self.encoded(Self.sample))
        #expect(try channel.finish().isClean)
    }

    @Test("an oversized length header fails before any body byte arrives")
    func oversized() throws {
        let channel = try Self.channel(max: 1024)
        var header = ByteBuffer()
        header.writeInteger(UInt32(1025), endianness: .big)
        let error = try #require(throws: WireError.self) { try channel.writeInbound(header) }
        #expect(error.code == .frameTooLarge)
        _ = try? channel.finish()
    }

    @Test("a 4 GiB length header is refused without allocating")
    func hugeHeader() throws {
        let channel = try Self.channel(max: 64 << 20)
        var header = ByteBuffer()
        header.writeInteger(UInt32.max, endianness: .big)
        #expect(throws: WireError.self) { try channel.writeInbound(header) }
        _ = try? channel.finish()
    }

    @Test("a body that is not a Frame message is malformed")
    func malformed() throws {
        let channel = try Self.channel()
        var buffer = ByteBuffer()
        buffer.writeInteger(UInt32(3), endianness: .big)
        buffer.writeBytes([0xFF, 0xFF, 0xFF])
        let error = try #require(throws: WireError.self) { try channel.writeInbound(buffer) }
        #expect(error.code == .malformedFrame)
        _ = try? channel.finish()
    }

    @Test("ByteToMessageDecoderVerifier: every split and coalescing of many frames decodes the same")
    func verifier() throws {
        var pairs: [(ByteBuffer, [Frame])] = []
        for index in 0..<12 {
            let frame = Frame(
                requestID: UInt64(index),
                kind: .request,
                method: "m\(index)",
                payload: Array(repeating: UInt8(index), count: index * 7)
            )
            pairs.append((Self.encoded(frame), [frame]))
        }
        try ByteToMessageDecoderVerifier.verifyDecoder(inputOutputPairs: pairs) {
            FrameDecoder(maximumFrameBytes: 4096)
        }
    }
}
