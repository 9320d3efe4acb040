import Foundation
import NIOCore
import ZKProto
import ZKTestSupport
import ZKWire

#if canImport(Glibc)
import Glibc
#endif

extension RawSocket {
    /// Sends `frames` in one `send`, each with its length prefix.
    func send(_ frames: [Frame]) {
        var buffer = ByteBuffer()
        for frame in frames { FrameEncoder.encode(frame, into: &buffer) }
        send(Array(buffer.readableBytesView))
    }

    /// Reads until `count` whole frames arrived, the peer closed (or reset), or RawSocket.receiveTimeoutSeconds passed without a byte (the
    /// socket's receive timeout); returns the frames read and whether the peer closed.
    func readFrames(count: Int, maximumFrameBytes: Int = 1 << 20) async throws -> (frames: [Frame], closed: Bool) {
        try await offPool { try self.readFramesBlocking(count: count, maximumFrameBytes: maximumFrameBytes) }
    }

    private func readFramesBlocking(count: Int, maximumFrameBytes: Int) throws -> (frames: [Frame], closed: Bool) {
        let decoder = FrameDecoder(maximumFrameBytes: maximumFrameBytes)
        var received = ByteBuffer()
        var frames: [Frame] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while frames.count < count {
            while frames.count < count, let frame = try decoder.decodeFrame(from: &received) { frames.append(frame) }
            guard frames.count < count else { break }
            let read = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if read == 0 { return (frames, true) }
            if read < 0 { return (frames, errno == ECONNRESET) }
            received.writeBytes(chunk[0..<read])
        }
        return (frames, false)
    }
}
