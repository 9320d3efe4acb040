import NIOCore
import Testing
import ZKProto
@testable import ZKWire

/// The hand-written fast path for plain frames must agree byte for byte with protobuf-c, the judge of validity.
@Suite("Frame fast codec agrees with protobuf-c")
struct FrameFastCodecTests {
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 11
        }
        mutating func bytes(_ max: Int) -> [UInt8] {
            (0..<Int(next() % UInt64(max + 1))).map { _ in UInt8(truncatingIfNeeded: next()) }
        }
        mutating func frame() -> Frame {
            let kinds: [FrameKind] = [.unspecified, .request, .response, .error, .cancel, .ping, .pong, FrameKind(rawValue: 42)]
            let methodBytes = bytes(40).map { 0x21 + $0 % 90 }
            return Frame(
                requestID: next() % 4 == 0 ? 0 : next(),
                kind: kinds[Int(next() % UInt64(kinds.count))],
                method: next() % 3 == 0 ? "" : String(decoding: methodBytes, as: UTF8.self),
                deadlineMs: next() % 2 == 0 ? 0 : UInt32(truncatingIfNeeded: next()),
                payload: bytes(600)
            )
        }
    }

    @Test("a frame head followed by its payload is the same bytes as the whole frame encoded at once")
    func headThenPayload() {
        var generator = Generator(state: 0x4EAD)
        let kinds: [FrameKind] = [.unspecified, .request, .response, .error, .ping]
        for round in 0..<5_000 {
            let payload = round % 50 == 0 ? generator.bytes(200_000) : generator.bytes(600)
            let id = generator.next() % 4 == 0 ? 0 : generator.next()
            let kind = kinds[Int(generator.next() % UInt64(kinds.count))]
            var parts = ByteBuffer()
            FrameEncoder.encodeHead(requestID: id, kind: kind, payloadCount: payload.count, into: &parts)
            parts.writeBytes(payload)
            var whole = ByteBuffer()
            FrameEncoder.encode(Frame(requestID: id, kind: kind, payload: payload), into: &whole)
            #expect(parts == whole)
            if parts != whole { return }
        }
    }

    @Test("20,000 random plain frames encode exactly as protobuf-c encodes them, and decode back")
    func encodeAgreement() throws {
        var generator = Generator(state: 0x5EED)
        for _ in 0..<20_000 {
            let frame = generator.frame()
            var buffer = ByteBuffer()
            // Plain frames (no metadata or status, kinds >= 0, methods without NUL) must take the fast path both ways.
            #expect(FrameFastCodec.encode(frame, into: &buffer))
            let reference = frame.serializedBytes()
            let header = buffer.readInteger(endianness: .big, as: UInt32.self)
            let body = buffer.readBytes(length: buffer.readableBytes) ?? []
            #expect(header.map(Int.init) == reference.count)
            #expect(body == reference)
            let decoded = try #require(reference.withUnsafeBytes { FrameFastCodec.decode($0) })
            #expect(decoded == frame)
        }
    }

    @Test("on mutated bytes the fast decoder never accepts what protobuf-c decodes differently")
    func decodeAgreement() throws {
        var generator = Generator(state: 0xBAD5EED)
        var accepted = 0
        for _ in 0..<20_000 {
            var bytes = generator.frame().serializedBytes()
            if !bytes.isEmpty {
                for _ in 0..<Int(generator.next() % 3 + 1) {
                    bytes[Int(generator.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: generator.next())
                }
                if generator.next() % 4 == 0 { bytes.removeLast(Int(generator.next() % UInt64(bytes.count))) }
            }
            guard let fast = bytes.withUnsafeBytes({ FrameFastCodec.decode($0) }) else { continue }
            accepted += 1
            let reference = try? Frame(serializedBytes: bytes)
            #expect(reference == fast)
        }
        #expect(accepted > 1_000)  // the fast decoder really answered, not only declined
    }
}
