import ArgumentParser
import ZKCrypto
import ZKFileSystem

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

    /// Writes `key` to `path` with mode 0600, durably and atomically (``DurableFile/replace(_:with:mode:fileSystem:)``);
    /// refuses to replace an existing file unless `overwrite`.
    static func write(_ key: Secp256k1.PrivateKey, to path: String, overwrite: Bool) throws {
        let text = Array((Hex.encode(key.rawRepresentation, prefix: true) + "\n").utf8)
        if !overwrite, access(path, F_OK) == 0 {
            throw ValidationError("\(path) exists; pass --force to overwrite it")
        }
        do {
            try DurableFile.replace(path, with: text, mode: 0o600)
        } catch {
            throw ValidationError("cannot write \(path): \(error)")
        }
    }
}
