import ArgumentParser
import ZKCrypto

#if canImport(Glibc)
    import Glibc
#endif

/// Whole-file reads and writes for the storage benchmarks.
enum StorageFiles {
    /// The bytes of the file at `path`.
    static func read(_ path: String) throws -> [UInt8] {
        do {
            return try FileBytes.read(path)
        } catch {
            throw ValidationError(error.description)
        }
    }

    static func write(_ bytes: [UInt8], to path: String) throws {
        guard let file = fopen(path, "wb") else { throw ValidationError("cannot write \(path)") }
        defer { fclose(file) }
        let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        guard written == bytes.count else { throw ValidationError("cannot write \(path)") }
    }
}
