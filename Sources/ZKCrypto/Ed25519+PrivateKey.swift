internal import COpenSSL

extension Ed25519 {
    /// An Ed25519 private key held in an OpenSSL `EVP_PKEY`.
    ///
    /// `@unchecked Sendable`: the key is immutable after `init`, and every signature uses its own `EVP_MD_CTX`, which
    /// OpenSSL 3 allows concurrently on one `EVP_PKEY`.
    public final class PrivateKey: @unchecked Sendable {
        private let key: OpaquePointer

        /// The matching public key.
        public let publicKey: PublicKey

        /// A fresh random key from OpenSSL's key generator.
        ///
        /// - Throws: ``CryptoError`` with ``CryptoError/Code/openSSLFailure`` if key generation fails.
        public init() throws(CryptoError) {
            guard let context = EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nil) else {
                throw OpenSSLErrorQueue.error(.openSSLFailure, "EVP_PKEY_CTX_new_id(ED25519) failed")
            }
            defer { EVP_PKEY_CTX_free(context) }
            var key: OpaquePointer? = nil
            guard EVP_PKEY_keygen_init(context) == 1, EVP_PKEY_keygen(context, &key) == 1, let key else {
                throw OpenSSLErrorQueue.error(.openSSLFailure, "Ed25519 key generation failed")
            }
            self.key = key
            self.publicKey = try PublicKey(rawRepresentation: Self.rawPublicKey(of: key))
        }

        /// Imports a raw 32-byte private key (the RFC 8032 seed).
        ///
        /// - Throws: ``CryptoError`` with ``CryptoError/Code/invalidLength`` if not 32 bytes.
        public init(rawRepresentation: some Collection<UInt8>) throws(CryptoError) {
            guard rawRepresentation.count == privateKeyByteCount else {
                throw CryptoError(
                    code: .invalidLength,
                    message: "Ed25519 private key must be \(privateKeyByteCount) bytes, got \(rawRepresentation.count)"
                )
            }
            let raw = Array(rawRepresentation)
            let key = raw.withUnsafeBufferPointer {
                EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nil, $0.baseAddress, $0.count)
            }
            guard let key else {
                throw OpenSSLErrorQueue.error(.openSSLFailure, "EVP_PKEY_new_raw_private_key(ED25519) failed")
            }
            self.key = key
            self.publicKey = try PublicKey(rawRepresentation: Self.rawPublicKey(of: key))
        }

        deinit { EVP_PKEY_free(key) }

        /// The raw 32-byte private key (seed).
        public var rawRepresentation: [UInt8] {
            var out = [UInt8](repeating: 0, count: privateKeyByteCount)
            var length = out.count
            let ok = out.withUnsafeMutableBufferPointer { EVP_PKEY_get_raw_private_key(key, $0.baseAddress, &length) }
            precondition(ok == 1 && length == privateKeyByteCount, "EVP_PKEY_get_raw_private_key failed")
            return out
        }

        /// Signs `message` (the message itself; Ed25519 hashes internally).
        ///
        /// Ed25519 is deterministic: the same key and message always give the same 64 bytes.
        ///
        /// - Throws: ``CryptoError`` with ``CryptoError/Code/openSSLFailure`` if OpenSSL fails.
        public func signature(for message: some Collection<UInt8>) throws(CryptoError) -> [UInt8] {
            guard let context = EVP_MD_CTX_new() else {
                throw OpenSSLErrorQueue.error(.openSSLFailure, "EVP_MD_CTX_new failed")
            }
            defer { EVP_MD_CTX_free(context) }
            guard EVP_DigestSignInit(context, nil, nil, nil, key) == 1 else {
                throw OpenSSLErrorQueue.error(.openSSLFailure, "EVP_DigestSignInit(ED25519) failed")
            }
            let message = Array(message)
            var signature = [UInt8](repeating: 0, count: signatureByteCount)
            var length = signature.count
            let ok = signature.withUnsafeMutableBufferPointer { signatureBuffer in
                message.withUnsafeBufferPointer { messageBuffer in
                    EVP_DigestSign(
                        context, signatureBuffer.baseAddress, &length, messageBuffer.baseAddress, messageBuffer.count)
                }
            }
            guard ok == 1, length == signatureByteCount else {
                throw OpenSSLErrorQueue.error(.openSSLFailure, "EVP_DigestSign(ED25519) failed")
            }
            return signature
        }

        private static func rawPublicKey(of key: OpaquePointer) throws(CryptoError) -> [UInt8] {
            var out = [UInt8](repeating: 0, count: publicKeyByteCount)
            var length = out.count
            let ok = out.withUnsafeMutableBufferPointer { EVP_PKEY_get_raw_public_key(key, $0.baseAddress, &length) }
            guard ok == 1, length == publicKeyByteCount else {
                throw OpenSSLErrorQueue.error(.openSSLFailure, "EVP_PKEY_get_raw_public_key(ED25519) failed")
            }
            return out
        }
    }
}
