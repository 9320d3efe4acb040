/// Ed25519 signatures (RFC 8032, pure Ed25519 without pre-hashing) through OpenSSL's `EVP_PKEY_ED25519`.
///
/// ## Topics
/// - ``PrivateKey``
/// - ``PublicKey``
public enum Ed25519 {
    /// Length of a raw private key (the RFC 8032 seed), in bytes.
    public static let privateKeyByteCount = 32
    /// Length of a raw public key, in bytes.
    public static let publicKeyByteCount = 32
    /// Length of a signature, in bytes.
    public static let signatureByteCount = 64
}
