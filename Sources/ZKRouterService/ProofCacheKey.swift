import ZKCrypto
public import ZKProto
public import ZKStore

/// The proof cache key: SHA-256 over a canonical, length-prefixed encoding of everything that determines a proof,
/// and, when the request has private inputs, of the tenant (API key) that asked.
///
/// Encoding of the base key: ASCII `"zkfaas.v1.proof-cache-key"`, then program_hash, then the number of public
/// inputs and each input, then the number of private inputs and each input, then backend, mode and zkvm version —
/// every byte string as an 8-byte big-endian length followed by its bytes, every count and the mode as 8-byte
/// big-endian. Because every part carries its length, `["ab", "c"]` and `["a", "bc"]` give different keys (the
/// design's plain concatenation made them collide).
///
/// A request with private inputs (one buffer or more, even empty) is cached and joined per tenant: its records are
/// stored under ``bytes`` = SHA-256(ASCII `"zkfaas.v1.proof-cache-key.tenant"` ‖ f(base) ‖ f(tenant)), the tenant
/// being the API key (empty in open mode). So another tenant who guesses the private input gets neither a cache hit
/// nor a join: the base key of a private request is never a storage key. Public-only requests use the base key and
/// are shared by every tenant.
public struct ProofCacheKey: Sendable, Hashable, CustomStringConvertible {
    /// The key the record is stored, looked up and joined under (and the Redis lease key).
    public let bytes: BlobKey
    /// The key of the request's fields without the tenant; a cached answer's job id is `c-<hex of base>`.
    public let base: BlobKey

    private static let domain = Array("zkfaas.v1.proof-cache-key".utf8)
    private static let tenantDomain = Array("zkfaas.v1.proof-cache-key.tenant".utf8)

    public init(
        programHash: [UInt8],
        publicInputs: [[UInt8]],
        privateInputs: [[UInt8]],
        backend: String,
        mode: ProofMode,
        zkvmVersion: String,
        tenant: String?
    ) {
        // One buffer and a one-shot hash: this runs on the event loop for a Prove whose inputs are small (at most
        // `fastPathInputBytes`, 64 KiB by default); a bigger request is keyed on the router's program threads.
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
        let base = BlobKey(bytes: SHA256.hash(encoding))!
        self = privateInputs.isEmpty ? ProofCacheKey(bytes: base) : ProofCacheKey(base: base, tenant: tenant)
    }

    /// A shared (public-only) key: stored under its base.
    public init(bytes: BlobKey) {
        self.bytes = bytes
        self.base = bytes
    }

    /// The per-tenant key of a request with private inputs whose base key is `base`.
    public init(base: BlobKey, tenant: String?) {
        var encoding = Self.tenantDomain
        func field(_ value: [UInt8]) {
            withUnsafeBytes(of: UInt64(value.count).bigEndian) { encoding += $0 }
            encoding += value
        }
        field(base.bytes)
        field(Array((tenant ?? "").utf8))
        self.bytes = BlobKey(bytes: SHA256.hash(encoding))!
        self.base = base
    }

    /// Whether the key is per tenant (the request had private inputs).
    public var isPerTenant: Bool { bytes != base }

    public static func == (lhs: ProofCacheKey, rhs: ProofCacheKey) -> Bool { lhs.bytes == rhs.bytes }
    public func hash(into hasher: inout Hasher) { hasher.combine(bytes) }

    public var hex: String { bytes.hex }
    public var description: String { bytes.hex }
}
