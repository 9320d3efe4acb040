#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
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
    /// - Throws: ``FileReadError`` when the file cannot be opened or a read fails.
    public static func read(_ path: String) throws(FileReadError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw FileReadError(path: path, operation: .open, errno: errno) }
        defer { close(descriptor) }
        var info = stat()
        let sizeHint = fstat(descriptor, &info) == 0 ? max(0, Int(info.st_size)) : 0
        var bytes: [UInt8] = []
        bytes.reserveCapacity(sizeHint + 1)
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { Self.readSome(descriptor, into: $0) }
            if count < 0 { throw FileReadError(path: path, operation: .read, errno: errno) }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<count])
        }
    }

    /// One `read(2)`, retried on `EINTR`.
    private static func readSome(_ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        while true {
            let count = Glibc.read(descriptor, buffer.baseAddress, buffer.count)
            if count < 0, errno == EINTR { continue }
            return count
        }
    }
}
