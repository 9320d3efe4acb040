import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A blocking TCP socket for sending arbitrary bytes, as a hostile client would.
///
/// Its blocking reads run on a thread of their own (``offPool(_:)``), never on Swift's cooperative pool: that pool
/// has one thread per core, and the in-process server under test needs them to answer.
public final class RawSocket: @unchecked Sendable {
    public let fd: Int32

    /// How long a read waits for a byte before giving up: generous, so a loaded machine is never mistaken for a
    /// silent peer; tests that pass never wait it out.
    public static let receiveTimeoutSeconds = 30

    public init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else { throw POSIXError(.ECONNREFUSED) }
        var timeout = timeval(tv_sec: Self.receiveTimeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(fd) }

    public func send(_ bytes: [UInt8]) {
        _ = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// Runs blocking socket work on a thread of its own and waits for it without holding a cooperative thread.
    public func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try body() })
            }
        }
    }

    /// Reads until the peer closes (or ``receiveTimeoutSeconds`` pass without a byte); returns everything read.
    public func readToEnd() async -> [UInt8] {
        (try? await offPool { self.readToEndBlocking() }) ?? []
    }

    private func readToEndBlocking() -> [UInt8] {
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            out += buffer[0..<count]
        }
        return out
    }
}
