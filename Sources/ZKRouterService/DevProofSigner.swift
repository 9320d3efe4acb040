import Logging
import ZKCrypto
import ZKFaaSClient
import ZKFileSystem
import ZKProto

#if canImport(Glibc)
import Glibc
#endif

/// The router's Ed25519 key that signs DEV records, kept in `<data-dir>/dev-signing.key` (32 raw bytes, mode 0600),
/// made on first start.
final class DevProofSigner: Sendable {
    private let key: Ed25519.PrivateKey

    var publicKey: [UInt8] { key.publicKey.rawRepresentation }

    /// Reads the key at `path`, or makes one when the file is missing.
    ///
    /// Call it only while holding the data folder's lock (the router opens its proof cache first), so two routers
    /// started on one folder cannot both make a key.
    init(path: String, logger: Logger, fileSystem: any FileSystem = PosixFileSystem()) throws {
        // Only a missing file makes a new key: replacing a key that exists but cannot be read, or is damaged, would
        // leave every record signed so far unverifiable against the router's key.
        let existing: [UInt8]?
        do {
            existing = try FileBytes.read(path)
        } catch where error.errno == ENOENT {
            existing = nil
        } catch {
            throw RouterStartupError(message: "cannot read the dev-proof signing key: \(error)")
        }
        if let existing {
            guard existing.count == 32 else {
                throw RouterStartupError(
                    message: "\(path) holds \(existing.count) bytes, not a 32-byte Ed25519 key; move it away to make a new one"
                )
            }
            key = try Ed25519.PrivateKey(rawRepresentation: existing)
        } else {
            key = try Ed25519.PrivateKey()
            try Self.write(key.rawRepresentation, to: path, fileSystem: fileSystem)
            logger.info("created a dev-proof signing key", metadata: ["key.path": "\(path)"])
        }
    }

    /// The keys whose DEV records this router accepts from its cache tiers: its own for now (a configured set of
    /// replica keys is issue 18).
    var trustedKeys: Set<[UInt8]> { [publicKey] }

    /// Signs the DEV attestation of `record` in the current format (``DevAttestation/formatVersion``, which covers
    /// every field a reader relies on) and fills in `format_version`, `proof` and `attester_public_key`.
    func sign(_ record: inout ProofRecord) throws {
        record.formatVersion = DevAttestation.formatVersion
        record.attesterPublicKey = publicKey
        guard let message = DevAttestation.message(for: record) else {
            preconditionFailure("the current DEV attestation format has a message")
        }
        record.proof = try key.signature(for: message)
    }

    /// Writes the new key durably: a private temporary file, fsynced, renamed into place, the folder fsynced — so
    /// once the router has signed with it, a power loss cannot lose the key and make the next start silently make
    /// another (every earlier record would then fail to verify).
    static func write(_ bytes: [UInt8], to path: String, fileSystem: any FileSystem) throws {
        do {
            try DurableFile.replace(path, with: bytes, mode: 0o600, fileSystem: fileSystem)
        } catch {
            throw RouterStartupError(message: "cannot write the dev-proof signing key: \(error)")
        }
    }
}
