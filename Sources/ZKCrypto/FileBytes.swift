#if canImport(Glibc)
import Glibc
private let systemRead = Glibc.read
#elseif canImport(Musl)
import Musl
private let systemRead = Musl.read
#elseif canImport(Darwin)
import Darwin
private let systemRead = Darwin.read
#endif

/// Whole-file reads without Foundation, for the executables and libraries above ``ZKCrypto``.
///
/// It lives here, not in a module of its own, because ``ZKCrypto`` is the lowest library that every reader of local
/// files (the executor, the CLI, the router's options, the benchmarks) already depends on.
public enum FileBytes {
    /// The contents of the file at `path`.
    ///
    /// The file's size is only a capacity hint: the read goes on to end of file, so files that grow, shrink or
    /// report no size (`/proc`, pipes) read correctly.
    ///
    /// - Parameter maximumBytes: a file longer than this is refused (`EFBIG`) once that many bytes were read, so a
    ///   wrong path cannot make the caller hold a huge file.
    /// - Throws: ``FileReadError`` when the file cannot be opened, a read fails, or it is longer than `maximumBytes`.
    public static func read(_ path: String, maximumBytes: Int = .max) throws(FileReadError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw FileReadError(path: path, operation: .open, errno: errno) }
        defer { close(descriptor) }
        var info = stat()
        let sizeHint = fstat(descriptor, &info) == 0 ? max(0, Int(info.st_size)) : 0
        var bytes: [UInt8] = []
        bytes.reserveCapacity(min(sizeHint, maximumBytes) + 1)
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { Self.readSome(descriptor, into: $0) }
            if count < 0 { throw FileReadError(path: path, operation: .read, errno: errno) }
            if count == 0 { return bytes }
            guard count <= maximumBytes - bytes.count else {
                throw FileReadError(path: path, operation: .read, errno: EFBIG)
            }
            bytes.append(contentsOf: chunk[0..<count])
        }
    }

    /// One `read(2)`, retried on `EINTR`.
    private static func readSome(_ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        while true {
            let count = systemRead(descriptor, buffer.baseAddress, buffer.count)
            if count < 0, errno == EINTR { continue }
            return count
        }
    }
}
