/// The secp256k1 curve as used by Ethereum: keys, recoverable ECDSA signatures and public key recovery.
///
/// Arithmetic is done by OpenSSL libcrypto (3.0 or later) through its `BIGNUM`/`EC_POINT` and `EVP_PKEY` APIs; no
/// deprecated `EC_KEY`/`ECDSA_do_*` calls are used.
///
/// Ethereum rules enforced here:
/// - signatures are 65 bytes `r ‖ s ‖ v` with `v` = 27 + recovery id;
/// - signing always produces low-s signatures (`s ≤ n/2`);
/// - recovery rejects high-s signatures (EIP-2), `r` or `s` equal to zero or not below `n`, and `v` outside
///   {0, 1, 27, 28}.
///
/// ## Topics
/// - ``PrivateKey``
/// - ``PublicKey``
/// - ``RecoverableSignature``
/// - `recoverPublicKey(digest:signature:)`
public enum Secp256k1 {
    /// Length of a message digest to sign, in bytes.
    public static let digestByteCount = 32

    /// Length of a raw private key scalar, in bytes.
    public static let privateKeyByteCount = 32

    /// Recovers the public key that produced `signature` over `digest`.
    ///
    /// Computes `R` from `r` (with the y parity given by the recovery id) and `Q = r⁻¹(sR − eG)`, where `e` is
    /// `digest` read as a big-endian integer.
    ///
    /// - Parameters:
    ///   - digest: The 32-byte message digest that was signed (for example
    ///     ``EthereumMessage/personalMessageHash(_:)``).
    ///   - signature: The signature.
    /// - Returns: The signer's public key.
    /// - Throws: ``CryptoError`` with
    ///   ``CryptoError/Code/invalidLength`` if `digest` is not 32 bytes,
    ///   ``CryptoError/Code/invalidSignature`` if `r` or `s` is zero or ≥ n or `r` is not a curve x coordinate,
    ///   ``CryptoError/Code/signatureHighS`` if `s > n/2`,
    ///   ``CryptoError/Code/recoveryFailed`` if the recovered point is the point at infinity.
    public static func recoverPublicKey(
        digest: some Collection<UInt8>,
        signature: RecoverableSignature
    ) throws(CryptoError) -> PublicKey {
        let digest = try checkedDigest(digest)
        let uncompressed = try Curve.shared.recover(
            digest: digest,
            r: signature.r,
            s: signature.s,
            recoveryID: signature.recoveryID
        )
        return PublicKey(trustedUncompressed: uncompressed)
    }

    /// Recovers the public key from a 65-byte `r ‖ s ‖ v` signature.
    ///
    /// - Parameters:
    ///   - digest: The 32-byte digest that was signed.
    ///   - signature: 65 bytes; `v` may be 0, 1, 27 or 28.
    /// - Throws: As `recoverPublicKey(digest:signature:)`, plus
    ///   ``CryptoError/Code/invalidLength`` for a signature that is not 65 bytes and
    ///   ``CryptoError/Code/invalidRecoveryID`` for any other `v`.
    public static func recoverPublicKey(
        digest: some Collection<UInt8>,
        signature: some Collection<UInt8>
    ) throws(CryptoError) -> PublicKey {
        try recoverPublicKey(digest: digest, signature: RecoverableSignature(rawRepresentation: signature))
    }

    /// Recovers the Ethereum address of the signer of `digest`.
    ///
    /// Equivalent to `recoverPublicKey(digest:signature:).ethereumAddress`; throws the same errors.
    public static func recoverAddress(
        digest: some Collection<UInt8>,
        signature: some Collection<UInt8>
    ) throws(CryptoError) -> EthereumAddress {
        try recoverPublicKey(digest: digest, signature: signature).ethereumAddress
    }

    static func checkedDigest(_ digest: some Collection<UInt8>) throws(CryptoError) -> [UInt8] {
        guard digest.count == digestByteCount else {
            throw CryptoError(
                code: .invalidLength,
                message: "digest must be \(digestByteCount) bytes, got \(digest.count)"
            )
        }
        return Array(digest)
    }
}
