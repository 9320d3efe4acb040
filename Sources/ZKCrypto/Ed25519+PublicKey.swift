internal import COpenSSL

extension Ed25519 {
    /// An Ed25519 public key, stored as its raw 32 bytes.
    public struct PublicKey: Sendable, Hashable {
        /// The raw 32-byte encoding.
        public let rawRepresentation: [UInt8]

        /// Wraps a raw 32-byte public key.
        ///
        /// Only the length is checked here; an encoding that is not a curve point fails every verification.
        ///
        /// - Throws: ``CryptoError`` with ``CryptoError/Code/invalidLength`` if not 32 bytes.
        public init(rawRepresentation: some Collection<UInt8>) throws(CryptoError) {
            guard rawRepresentation.count == publicKeyByteCount else {
                throw CryptoError(
                    code: .invalidLength,
                    message: "Ed25519 public key must be \(publicKeyByteCount) bytes, got \(rawRepresentation.count)"
                )
            }
            self.rawRepresentation = Array(rawRepresentation)
        }

        /// Whether `signature` is a valid Ed25519 signature of `message` by this key.
        ///
        /// Returns `false` (never throws) for a signature of the wrong length, a tampered message or signature, or a
        /// public key that is not a valid point.
        public func isValidSignature(_ signature: some Collection<UInt8>, for message: some Collection<UInt8>) -> Bool {
            guard signature.count == signatureByteCount else { return false }
            let key = rawRepresentation.withUnsafeBufferPointer {
                EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nil, $0.baseAddress, $0.count)
            }
            guard let key else {
                OpenSSLErrorQueue.clear()
                return false
            }
            defer { EVP_PKEY_free(key) }
            guard let context = EVP_MD_CTX_new() else { return false }
            defer { EVP_MD_CTX_free(context) }
            guard EVP_DigestVerifyInit(context, nil, nil, nil, key) == 1 else {
                OpenSSLErrorQueue.clear()
                return false
            }
            let signature = Array(signature)
            let message = Array(message)
            let result = signature.withUnsafeBufferPointer { signatureBuffer in
                message.withUnsafeBufferPointer { messageBuffer in
                    EVP_DigestVerify(
                        context, signatureBuffer.baseAddress, signatureBuffer.count,
                        messageBuffer.baseAddress, messageBuffer.count
                    )
                }
            }
            if result != 1 { OpenSSLErrorQueue.clear() }
            return result == 1
        }
    }
}
