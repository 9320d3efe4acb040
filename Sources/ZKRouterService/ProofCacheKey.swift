import ZKCrypto
public import ZKProto
public import ZKStore

/// The proof cache key: SHA-256 over a canonical, length-prefixed encoding of everything that determines a proof.
///
/// Encoding: ASCII `"zkfaas.v1.proof-cache-key"`, then program_hash, then the number of public inputs and each
/// input, then the number of private inputs and each input, then backend, mode and zkvm version — every byte
/// string as an 8-byte big-endian length followed by its bytes, every count and the mode as 8-byte big-endian.
/// Because every part carries its length, `["ab", "c"]` and `["a", "bc"]` give different keys (the design's
/// plain concatenation made them collide).
public struct ProofCacheKey: Sendable, Hashable, CustomStringConvertible {
    public let bytes: BlobKey

    private static let domain = Array("zkfaas.v1.proof-cache-key".utf8)

    public init(
        programHash: [UInt8],
        publicInputs: [[UInt8]],
        privateInputs: [[UInt8]],
        backend: String,
        mode: ProofMode,
        zkvmVersion: String
    ) {
        // One buffer and a one-shot hash: this runs on the event loop for every Prove call.
        var encoding: [UInt8] = []
        encoding.reserveCapacity(
            128 + programHash.count + publicInputs.reduce(0) { $0 + $1.count + 8 }
                + privateInputs.reduce(0) { $0 + $1.count + 8 } + backend.utf8.count + zkvmVersion.utf8.count
        )
        encoding += Self.domain
        func number(_ value: UInt64) { withUnsafeBytes(of: value.bigEndian) { encoding += $0 } }
        func field(_ value: [UInt8]) {
            number(UInt64(value.count))
            encoding += value
        }
        field(programHash)
        number(UInt64(publicInputs.count))
        publicInputs.forEach(field)
        number(UInt64(privateInputs.count))
        privateInputs.forEach(field)
        field(Array(backend.utf8))
        number(UInt64(UInt32(bitPattern: mode.rawValue)))
        field(Array(zkvmVersion.utf8))
        bytes = BlobKey(bytes: SHA256.hash(encoding))!
    }

    public init(bytes: BlobKey) {
        self.bytes = bytes
    }

    public var hex: String { bytes.hex }
    public var description: String { bytes.hex }
}
