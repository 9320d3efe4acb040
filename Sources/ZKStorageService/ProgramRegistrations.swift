import Synchronization
import ZKCrypto
import ZKFileSystem
import ZKRPC
import ZKStore

#if canImport(Glibc)
    import Glibc
#endif

/// The programs pinned for a registry record (`registrations.log` in the data folder): their pin is permanent.
///
/// registry-service pins every program it registers with ``ZKProto/StorageCallMetadata/pinHolder`` set to
/// `registration`. The record it keeps is immutable and points at the program for good, so `Unpin` of such a program
/// is refused (FAILED_PRECONDITION) rather than reference-counted: no later caller, keyed or not, can make it
/// evictable again. Lines are `<sha256 hex>`, appended through ``DurableFile/append(_:_:mode:fileSystem:)`` (fsynced;
/// the folder is fsynced when the file is created); a torn last line is ignored when read. Calls block (the service runs them on its I/O pool).
final class ProgramRegistrations: Sendable {
    private let path: String
    private let fileSystem: any FileSystem
    private let keys: Mutex<Set<BlobKey>>
    /// Serialises appends (through their fsync).
    private let writer = Mutex(())

    /// Reads `path` if it exists.
    ///
    /// - Throws: ``RPCError`` INTERNAL when the file exists but cannot be read: starting without it would let
    ///   registered programs be unpinned.
    init(directory: String, fileSystem: any FileSystem = PosixFileSystem()) throws(RPCError) {
        self.fileSystem = fileSystem
        path = directory + "/registrations.log"
        var loaded: Set<BlobKey> = []
        let bytes: [UInt8]
        do {
            bytes = try FileBytes.read(path)
        } catch where error.errno == ENOENT {
            bytes = []
        } catch {
            throw RPCError(code: .internalError, message: "cannot read the registrations log: \(error)")
        }
        for line in bytes.split(separator: UInt8(ascii: "\n")) {
            if let key = BlobKey(hex: String(decoding: line, as: UTF8.self)) { loaded.insert(key) }
        }
        keys = Mutex(loaded)
    }

    /// Whether a registration holds `key`'s pin.
    func contains(_ key: BlobKey) -> Bool {
        keys.withLock { $0.contains(key) }
    }

    /// Records that a registration holds `key`'s pin (durably, before it is visible).
    ///
    /// - Throws: ``RPCError`` INTERNAL when the line cannot be appended durably.
    func record(_ key: BlobKey) throws(RPCError) {
        try writer.withLock { _ throws(RPCError) in
            guard !contains(key) else { return }
            do {
                // Starts on a fresh line even after a torn append.
                try DurableFile.append(path, Array("\n\(key.hex)\n".utf8), fileSystem: fileSystem)
            } catch {
                throw RPCError(code: .internalError, message: "cannot record the registration pin (\(error))")
            }
            _ = keys.withLock { $0.insert(key) }
        }
    }
}
