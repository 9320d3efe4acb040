/// An error thrown by ``ZKCrypto``.
///
/// Every error carries a stable numeric ``Code`` (safe to send over the wire or to match on), a human-readable
/// ``message`` for logs, and, when the failure came from libcrypto, the first entry of OpenSSL's error queue.
///
/// ```swift
/// do {
///     _ = try Secp256k1.recoverPublicKey(digest: digest, signature: signature)
/// } catch let error where error.code == .signatureHighS {
///     // EIP-2 malleable signature
/// }
/// ```
public struct CryptoError: Error, Sendable, Hashable {
    /// What went wrong, as a stable code.
    public var code: Code

    /// A description of the failure for humans; not stable, do not match on it.
    public var message: String

    /// The packed OpenSSL error (`ERR_get_error()`), or `nil` when OpenSSL was not involved or reported nothing.
    public var openSSLError: UInt?

    /// Creates an error.
    public init(code: Code, message: String, openSSLError: UInt? = nil) {
        self.code = code
        self.message = message
        self.openSSLError = openSSLError
    }
}

extension CryptoError: CustomStringConvertible {
    public var description: String {
        var text = "CryptoError(\(code)): \(message)"
        if let openSSLError {
            text += " [openssl: \(OpenSSLErrorQueue.describe(openSSLError))]"
        }
        return text
    }
}
