import ZKCrypto
public import ZKProto

/// The exact bytes a router signs for a DEV proof record, and the checks `zkfaas proof verify` makes.
///
/// A DEV record is an execution by the router's built-in executor, attested by the router's Ed25519 key. It is
/// **not** a zero-knowledge proof and **not** succinct: anyone holding it learns the public values and trusts the
/// router's key, nothing more.
///
/// Message = ASCII `"zkfaas.v1.dev-proof"`, then each field as an 8-byte big-endian length followed by its bytes:
/// program_hash, elf_hash, stdin_digest, public_values, then cycles as 8-byte big-endian, then mode as 4-byte
/// big-endian (1 = DEV), then zkvm and zkvm_version as length-prefixed UTF-8.
public enum DevAttestation {
    public static let domain = "zkfaas.v1.dev-proof"
    public static let kind = "dev-execution-attestation"

    /// The signed message of `record`.
    public static func message(for record: ProofRecord) -> [UInt8] {
        var out = Array(domain.utf8)
        func field(_ bytes: [UInt8]) {
            appendBigEndian(UInt64(bytes.count), to: &out)
            out += bytes
        }
        field(record.programHash)
        field(record.elfHash)
        field(record.stdinDigest)
        field(record.publicValues)
        appendBigEndian(record.cycles, to: &out)
        withUnsafeBytes(of: UInt32(bitPattern: record.mode.rawValue).bigEndian) { out += $0 }
        field(Array(record.zkvm.utf8))
        field(Array(record.zkvmVersion.utf8))
        return out
    }

    /// The `stdin_digest` of a job: SHA-256 of the canonical encoding of the guest's stdin — the public and the
    /// private buffer counts, then every buffer, public ones first, each as an 8-byte big-endian length followed by
    /// its bytes.
    ///
    /// The encoding is fed to the hasher piece by piece, so inputs (megabytes, for big guests) are not copied into
    /// one buffer just to be hashed.
    public static func stdinDigest(publicInputs: [[UInt8]], privateInputs: [[UInt8]]) -> [UInt8] {
        let hasher = SHA256()
        func number(_ value: Int) {
            withUnsafeBytes(of: UInt64(value).bigEndian) { hasher.update($0) }
        }
        number(publicInputs.count)
        number(privateInputs.count)
        for inputs in [publicInputs, privateInputs] {
            for buffer in inputs {
                number(buffer.count)
                buffer.withUnsafeBytes { hasher.update($0) }
            }
        }
        return hasher.finalize()
    }

    static func appendBigEndian(_ value: UInt64, to out: inout [UInt8]) {
        withUnsafeBytes(of: value.bigEndian) { out += $0 }
    }
}
