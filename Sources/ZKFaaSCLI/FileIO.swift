import ArgumentParser
import ZKCrypto

#if canImport(Glibc)
import Glibc
#endif

/// Whole-file reads and writes for the CLI.
enum FileIO {
    /// The bytes of the file at `path`; `-` reads standard input to its end.
    static func read(_ path: String) throws -> [UInt8] {
        do {
            return try FileBytes.read(path == "-" ? "/dev/stdin" : path)
        } catch {
            throw ValidationError(error.description)
        }
    }

    static func write(_ bytes: [UInt8], to path: String, mode: mode_t = 0o644) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode)
        guard fd >= 0 else { throw ValidationError("cannot write \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if written <= 0 { throw ValidationError("cannot write \(path): \(String(cString: strerror(errno)))") }
            offset += written
        }
    }
}
