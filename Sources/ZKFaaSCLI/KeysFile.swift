import ArgumentParser
import ZKCrypto

#if canImport(Glibc)
    import Glibc
#endif

/// Author key files: one line `0x` + 64 lowercase hex digits (the raw secp256k1 scalar), mode 0600.
///
/// The format is what `eth_account.Account.from_key` and most Ethereum tools accept.
enum KeysFile {
    /// Reads a key file; surrounding whitespace and a missing `0x` are tolerated.
    static func read(_ path: String) throws -> Secp256k1.PrivateKey {
        let text = String(decoding: try FileIO.read(path), as: UTF8.self)
        let trimmed =
            text.split(whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == " " || $0 == "\t" }).first
            ?? ""
        guard let bytes = try? Hex.decode(trimmed), bytes.count == 32 else {
            throw ValidationError("\(path) does not hold a key (0x + 64 hex digits)")
        }
        do {
            return try Secp256k1.PrivateKey(rawRepresentation: bytes)
        } catch {
            throw ValidationError("\(path) does not hold a valid secp256k1 key: \(error.message)")
        }
    }

    /// Writes `key` to `path` with mode 0600; refuses to replace an existing file unless `overwrite`.
    static func write(_ key: Secp256k1.PrivateKey, to path: String, overwrite: Bool) throws {
        let text = Array((Hex.encode(key.rawRepresentation, prefix: true) + "\n").utf8)
        let flags = O_WRONLY | O_CREAT | (overwrite ? O_TRUNC : O_EXCL)
        let fd = open(path, flags, 0o600)
        guard fd >= 0 else {
            if errno == EEXIST { throw ValidationError("\(path) exists; pass --force to overwrite it") }
            throw ValidationError("cannot write \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        // An existing file keeps its mode on O_TRUNC; make sure it is private.
        guard fchmod(fd, 0o600) == 0 else {
            throw ValidationError("cannot chmod \(path): \(String(cString: strerror(errno)))")
        }
        var offset = 0
        while offset < text.count {
            let written = text.withUnsafeBytes {
                Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset)
            }
            guard written > 0 else {
                throw ValidationError("cannot write \(path): \(String(cString: strerror(errno)))")
            }
            offset += written
        }
        guard fsync(fd) == 0 else {
            throw ValidationError("cannot sync \(path): \(String(cString: strerror(errno)))")
        }
    }
}
