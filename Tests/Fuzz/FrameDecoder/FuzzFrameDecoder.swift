import FuzzSupport
import NIOCore
import ZKProto
// FrameAccumulator and FrameFastCodec are internal: their checks need `@testable`, which a release build without
// -enable-testing (Scripts/run.sh builds every target) refuses; there the replayer checks FrameDecoder alone.
#if DEBUG || FUZZING
@testable import ZKRPCTransportNIO
@testable import ZKWire
#else
import ZKWire
#endif

/// The frame decoder as a connection uses it: a byte stream cut into reads, fed to ``FrameAccumulator`` (with large
/// payloads handed out as slices), and checked against the same stream decoded in one piece by ``FrameDecoder``.
///
/// Input: byte 0 chooses the slicing threshold, bytes 1–2 the maximum frame size (little-endian), byte 3 the number
/// of reads (1–8), then one 2-byte read length per cut; the rest is the stream.
///
/// Checks: nothing traps; the only errors are `WireError`s (typed throws); the accumulator yields exactly the frames
/// and the error of the one-piece decoding whatever the cuts; a slice payload equals the copied one; where
/// `FrameFastCodec` decodes a body, libprotobuf-c decodes it to the same frame; every decoded frame re-encodes to
/// bytes that decode to it again.
@main
struct FuzzFrameDecoder {
    static func main() { FuzzDriver.main(run) }

    static func run(_ data: UnsafeRawBufferPointer) {
        var input = FuzzInput(data)
        let slicing = input.byte()
        let minimumSliceBytes = slicing == 0xFF ? Int.max : Int(slicing)
        let maximumFrameBytes = Int(input.uint16())
        let cuts = Int(input.byte() % 8)
        var readLengths: [Int] = []
        for _ in 0..<cuts { readLengths.append(Int(input.uint16())) }
        let stream = input.remaining

        // The reference: the whole stream at once, frame by frame.
        let decoder = FrameDecoder(maximumFrameBytes: maximumFrameBytes)
        var whole = ByteBuffer(bytes: stream)
        var expected: [Frame] = []
        var expectedError: WireError?
        do {
            while let frame = try decoder.decodeFrame(from: &whole) {
                checkBody(of: frame)
                expected.append(frame)
            }
        } catch {
            expectedError = error
        }

        #if DEBUG || FUZZING
        checkAccumulator(stream, readLengths, minimumSliceBytes, maximumFrameBytes, expected, expectedError)
        checkFastCodec(stream)
        #else
        _ = (readLengths, minimumSliceBytes)
        #endif
    }

    #if DEBUG || FUZZING
    /// The stream through the accumulator, in reads: the frames and the error of the one-piece decoding.
    static func checkAccumulator(
        _ stream: UnsafeRawBufferPointer,
        _ readLengths: [Int],
        _ minimumSliceBytes: Int,
        _ maximumFrameBytes: Int,
        _ expected: [Frame],
        _ expectedError: WireError?
    ) {
        var accumulator = FrameAccumulator(maximumFrameBytes: maximumFrameBytes)
        var frames: [Frame] = []
        var error: WireError?
        var offset = 0
        var reads = readLengths.makeIterator()
        while offset < stream.count && error == nil {
            let length = min(reads.next() ?? stream.count, stream.count - offset)
            let read = ByteBuffer(bytes: UnsafeRawBufferPointer(rebasing: stream[offset..<offset + length]))
            offset += length
            do {
                try accumulator.read(read, slicingPayloadsFrom: minimumSliceBytes) { frame, payload in
                    var frame = frame
                    if let payload {
                        FuzzCheck.require(frame.payload.isEmpty, "a sliced frame also carries a payload")
                        FuzzCheck.require(payload.readableBytes >= minimumSliceBytes, "slice below the threshold")
                        frame.payload = Array(payload.readableBytesView)
                    }
                    frames.append(frame)
                }
            } catch let thrown {
                error = thrown
            }
        }
        FuzzCheck.require(
            frames == expected,
            "accumulator frames \(frames.count) differ from one-piece frames \(expected.count) (cuts \(readLengths))"
        )
        FuzzCheck.require(
            error?.code == expectedError?.code,
            "accumulator error \(String(describing: error)) vs one-piece \(String(describing: expectedError))"
        )
        if error == nil {
            // What is kept for an incomplete frame follows what arrived (64 KiB or 16 times it; capacities round up to a
            // power of two), never the announced length.
            let bound = 2 * max(64 << 10, 16 * (stream.count + 4))
            FuzzCheck.require(accumulator.bufferedCapacity <= bound, "kept \(accumulator.bufferedCapacity) bytes")
        }

    }

    /// Each frame body that the fast codec accepts must be what libprotobuf-c decodes.
    static func checkFastCodec(_ stream: UnsafeRawBufferPointer) {
        var rest = ByteBuffer(bytes: stream)
        while let length = rest.readInteger(endianness: .big, as: UInt32.self), Int(length) <= rest.readableBytes {
            let body = rest.readSlice(length: Int(length))!
            body.withUnsafeReadableBytes { bytes in
                guard let fast = FrameFastCodec.decode(bytes) else { return }
                let reference: Frame
                do {
                    reference = try Frame(serializedBytes: bytes)
                } catch {
                    FuzzCheck.fail("FrameFastCodec accepted a body libprotobuf-c rejects: \(error)")
                }
                FuzzCheck.require(fast == reference, "FrameFastCodec and libprotobuf-c disagree: \(fast) vs \(reference)")
                if let (sliced, range) = FrameFastCodec.decode(bytes, copyingPayload: false) {
                    var rebuilt = sliced
                    if let range { rebuilt.payload = Array(bytes[range]) }
                    FuzzCheck.require(rebuilt == fast, "payload range differs from the copied payload")
                }
            }
        }
    }
    #endif

    /// A decoded frame re-encodes (fast path or libprotobuf-c) to bytes that decode to the same frame.
    static func checkBody(of frame: Frame) {
        var encoded = ByteBuffer()
        FrameEncoder.encode(frame, into: &encoded)
        let decoder = FrameDecoder(maximumFrameBytes: .max)
        do {
            let again = try decoder.decodeFrame(from: &encoded)
            FuzzCheck.require(again == frame, "re-encoded frame decodes differently: \(frame) vs \(String(describing: again))")
            FuzzCheck.require(encoded.readableBytes == 0, "re-encoded frame leaves bytes")
        } catch {
            FuzzCheck.fail("a decoded frame does not re-encode: \(error)")
        }
    }
}
