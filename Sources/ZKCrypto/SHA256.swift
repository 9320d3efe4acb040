/// SHA-256 (FIPS 180-4 §6.2) through OpenSSL, one-shot or streaming.
///
/// The streaming form owns one `EVP_MD_CTX`; it is a value-semantics-free class and must not be shared across tasks.
public final class SHA256 {
    /// Digest length in bytes.
    public static let byteCount = 32

    private let digest = EVPDigest(.sha256)

    /// Starts a new digest.
    public init() {}

    /// Adds bytes to the digest.
    public func update(_ bytes: UnsafeRawBufferPointer) { digest.update(bytes) }

    /// Adds bytes to the digest.
    public func update(_ bytes: some Sequence<UInt8>) { digest.update(bytes) }

    /// Finishes the digest and returns its 32 bytes. The hasher must not be used afterwards.
    public func finalize() -> [UInt8] { digest.finalize() }

    /// The SHA-256 digest of `bytes`.
    public static func hash(_ bytes: UnsafeRawBufferPointer) -> [UInt8] { EVPDigest.hash(.sha256, bytes) }

    /// The SHA-256 digest of `bytes`.
    public static func hash(_ bytes: some Sequence<UInt8>) -> [UInt8] { EVPDigest.hash(.sha256, bytes) }
}
