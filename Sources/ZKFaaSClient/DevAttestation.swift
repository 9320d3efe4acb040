import ZKCrypto
public import ZKProto

/// The exact bytes a router signs for a DEV proof record, and the checks `zkfaas proof verify` makes.
///
/// A DEV record is an execution by the router's built-in executor, attested by the router's Ed25519 key. It is
/// **not** a zero-knowledge proof and **not** succinct: anyone holding it learns the public values and trusts the
/// router's key, nothing more.
///
/// Two message layouts exist, chosen by the record's `format_version` (Protos/README.md §6):
///
/// - **Format 2** (``formatVersion``, what routers sign now) covers every field a reader relies on. Message =
///   ASCII `"zkfaas.v2.dev-proof"`, then `u32be(format_version)`, then `kind` (length-prefixed UTF-8), then
///   `zero_knowledge` and `succinct` as one byte each (0 or 1), `backend` (length-prefixed UTF-8), `mode` as 4-byte
///   big-endian, `exit_code` as 4-byte big-endian two's complement, then program_hash, elf_hash, stdin_digest,
///   public_values and public_values_digest (each length-prefixed), then cycles and created_at_ms as 8-byte
///   big-endian, then zkvm and zkvm_version (length-prefixed UTF-8). Every length prefix is 8-byte big-endian.
/// - **Format 0 or 1** (records made before format 2) covers only: ASCII `"zkfaas.v1.dev-proof"`, program_hash,
///   elf_hash, stdin_digest, public_values (length-prefixed), cycles (8-byte big-endian), mode (4-byte
///   big-endian), zkvm and zkvm_version (length-prefixed UTF-8). Such records still verify, but the fields in
///   ``unsignedFields(formatVersion:)`` may have been changed by anyone.
public enum DevAttestation {
    public static let domain = "zkfaas.v1.dev-proof"
    public static let domainV2 = "zkfaas.v2.dev-proof"
    public static let kind = "dev-execution-attestation"
    /// The format routers sign now.
    public static let formatVersion: UInt32 = 2

    /// Every field of a record a reader relies on, in the order format 2 signs them.
    public static let recordFields = [
        "format_version", "kind", "zero_knowledge", "succinct", "backend", "mode", "exit_code", "program_hash",
        "elf_hash", "stdin_digest", "public_values", "public_values_digest", "cycles", "created_at_ms", "zkvm",
        "zkvm_version",
    ]

    /// The fields the signature of a record of `formatVersion` covers; nil for a format this client does not know.
    public static func signedFields(formatVersion: UInt32) -> [String]? {
        switch formatVersion {
        case 0, 1:
            ["program_hash", "elf_hash", "stdin_digest", "public_values", "cycles", "mode", "zkvm", "zkvm_version"]
        case 2: recordFields
        default: nil
        }
    }

    /// The fields a reader may rely on that the signature of a record of `formatVersion` does not cover.
    public static func unsignedFields(formatVersion: UInt32) -> [String] {
        guard let signed = signedFields(formatVersion: formatVersion) else { return recordFields }
        return recordFields.filter { !signed.contains($0) }
    }

    /// The signed message of `record`, laid out for its `format_version`; nil for an unknown format (which then
    /// never verifies).
    public static func message(for record: ProofRecord) -> [UInt8]? {
        switch record.formatVersion {
        case 0, 1: legacyMessage(for: record)
        case 2: messageV2(for: record)
        default: nil
        }
    }

    /// Whether `signature` is `key`'s valid Ed25519 signature over the message of `record`.
    public static func isValidSignature(_ signature: [UInt8], of record: ProofRecord, key: [UInt8]) -> Bool {
        guard let message = message(for: record), let publicKey = try? Ed25519.PublicKey(rawRepresentation: key)
        else { return false }
        return publicKey.isValidSignature(signature, for: message)
    }

    /// The record's own signature (`proof`) checks out under one of `trustedKeys`, its attester key is one of them,
    /// and a format-2 record's `public_values_digest` is the SHA-256 of its public values.
    public static func verify(_ record: ProofRecord, trustedKeys: Set<[UInt8]>) -> Bool {
        guard trustedKeys.contains(record.attesterPublicKey),
            isValidSignature(record.proof, of: record, key: record.attesterPublicKey)
        else { return false }
        if record.formatVersion >= 2, record.publicValuesDigest != SHA256.hash(record.publicValues) { return false }
        return true
    }

    private static func field(_ bytes: [UInt8], to out: inout [UInt8]) {
        appendBigEndian(UInt64(bytes.count), to: &out)
        out += bytes
    }

    private static func appendBigEndian(_ value: UInt32, to out: inout [UInt8]) {
        withUnsafeBytes(of: value.bigEndian) { out += $0 }
    }

    /// Format 0 and 1: the message routers signed before format 2.
    static func legacyMessage(for record: ProofRecord) -> [UInt8] {
        var out = Array(domain.utf8)
        field(record.programHash, to: &out)
        field(record.elfHash, to: &out)
        field(record.stdinDigest, to: &out)
        field(record.publicValues, to: &out)
        appendBigEndian(record.cycles, to: &out)
        appendBigEndian(UInt32(bitPattern: record.mode.rawValue), to: &out)
        field(Array(record.zkvm.utf8), to: &out)
        field(Array(record.zkvmVersion.utf8), to: &out)
        return out
    }

    /// Format 2: every field in ``recordFields``.
    static func messageV2(for record: ProofRecord) -> [UInt8] {
        var out = Array(domainV2.utf8)
        appendBigEndian(record.formatVersion, to: &out)
        field(Array(record.kind.utf8), to: &out)
        out.append(record.zeroKnowledge ? 1 : 0)
        out.append(record.succinct ? 1 : 0)
        field(Array(record.backend.utf8), to: &out)
        appendBigEndian(UInt32(bitPattern: record.mode.rawValue), to: &out)
        appendBigEndian(UInt32(bitPattern: record.exitCode), to: &out)
        field(record.programHash, to: &out)
        field(record.elfHash, to: &out)
        field(record.stdinDigest, to: &out)
        field(record.publicValues, to: &out)
        field(record.publicValuesDigest, to: &out)
        appendBigEndian(record.cycles, to: &out)
        appendBigEndian(record.createdAtMs, to: &out)
        field(Array(record.zkvm.utf8), to: &out)
        field(Array(record.zkvmVersion.utf8), to: &out)
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
