internal import COpenSSL

extension Secp256k1 {
    /// A secp256k1 private key held in an OpenSSL `EVP_PKEY`.
    ///
    /// `@unchecked Sendable`: the key is immutable after `init`; OpenSSL 3 allows one `EVP_PKEY` to be used by several
    /// threads at once as long as each operation has its own `EVP_PKEY_CTX`, which ``sign(digest:)`` does.
    public final class PrivateKey: @unchecked Sendable {
        /// The owned `EVP_PKEY *` (EC, group secp256k1, with private and public components).
        private let key: OpaquePointer

        /// The matching public key.
        public let publicKey: PublicKey

        /// A fresh random key: 32 bytes from `RAND_bytes`, redrawn until the scalar is in [1, n − 1].
        ///
        /// - Throws: ``CryptoError`` with ``CryptoError/Code/randomFailure`` if OpenSSL's generator fails.
        public convenience init() throws(CryptoError) {
            var candidate = [UInt8](repeating: 0, count: privateKeyByteCount)
            while true {
                let ok = candidate.withUnsafeMutableBufferPointer { RAND_bytes($0.baseAddress, Int32($0.count)) }
                guard ok == 1 else { throw OpenSSLErrorQueue.error(.randomFailure, "RAND_bytes failed") }
                do {
                    try self.init(rawRepresentation: candidate)
                    break
                } catch where error.code == .invalidPrivateKey {
                    continue  // probability ≈ 2⁻¹²⁸
                }
            }
            for index in candidate.indices { candidate[index] = 0 }
        }

        /// Imports a raw 32-byte big-endian scalar.
        ///
        /// - Throws: ``CryptoError`` with ``CryptoError/Code/invalidLength`` if `rawRepresentation` is not 32 bytes,
        ///   ``CryptoError/Code/invalidPrivateKey`` if the scalar is zero or ≥ n.
        public init(rawRepresentation: some Collection<UInt8>) throws(CryptoError) {
            guard rawRepresentation.count == privateKeyByteCount else {
                throw CryptoError(
                    code: .invalidLength,
                    message: "private key must be \(privateKeyByteCount) bytes, got \(rawRepresentation.count)"
                )
            }
            let curve = Curve.shared
            let secret = try BigNumber(bigEndian: Array(rawRepresentation))
            BN_set_flags(secret.pointer, BN_FLG_CONSTTIME)
            guard curve.isValidScalar(secret) else {
                throw CryptoError(code: .invalidPrivateKey, message: "private key scalar is zero or not below n")
            }
            let publicBytes = try curve.publicKey(for: secret)
            self.key = try Self.makeKey(secret: secret, publicKey: publicBytes)
            self.publicKey = PublicKey(trustedUncompressed: publicBytes)
        }

        deinit { EVP_PKEY_free(key) }

        /// The raw 32-byte big-endian private scalar.
        public var rawRepresentation: [UInt8] {
            var pointer: OpaquePointer? = nil
            guard EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_PRIV_KEY, &pointer) == 1, let pointer else {
                let error = OpenSSLErrorQueue.error(.openSSLFailure, "EVP_PKEY_get_bn_param(priv) failed")
                fatalError("private key export failed on a key built by init: \(error)")
            }
            return BigNumber(taking: pointer).bigEndianBytes(count: privateKeyByteCount)
        }

        /// The Ethereum address of this key.
        public var ethereumAddress: EthereumAddress { publicKey.ethereumAddress }

        /// Signs a 32-byte digest with ECDSA, returning an Ethereum-style recoverable signature.
        ///
        /// OpenSSL 3.0's ECDSA uses a random nonce, so signatures differ between calls; all of them verify and
        /// recover to ``publicKey``. The result is normalised to low-s (`s ≤ n/2`, negating `s` flips the recovery
        /// id) and carries `v` = 27 or 28.
        ///
        /// - Parameter digest: The 32-byte digest to sign, e.g. ``EthereumMessage/personalMessageHash(_:)``.
        /// - Throws: ``CryptoError`` with ``CryptoError/Code/invalidLength`` if `digest` is not 32 bytes,
        ///   ``CryptoError/Code/openSSLFailure`` if OpenSSL fails.
        public func sign(digest: some Collection<UInt8>) throws(CryptoError) -> RecoverableSignature {
            let digest = try checkedDigest(digest)
            let curve = Curve.shared
            // Retried only if R.x ≥ n (≈ 2⁻¹²⁸), which an Ethereum v cannot express.
            for _ in 0..<8 {
                var (r, s) = try rawSign(digest: digest)
                let sNumber = try BigNumber(bigEndian: s)
                if sNumber.compare(curve.halfOrder) > 0 {
                    guard BN_sub(sNumber.pointer, curve.order.pointer, sNumber.pointer) == 1 else {
                        throw OpenSSLErrorQueue.error(.openSSLFailure, "BN_sub failed normalising s")
                    }
                    s = sNumber.bigEndianBytes(count: 32)
                }
                let id = try curve.recoveryID(
                    digest: digest, r: r, s: s, publicKey: publicKey.uncompressedRepresentation)
                if let id {
                    return RecoverableSignature(trustedR: r, s: s, recoveryID: id)
                }
            }
            throw CryptoError(code: .openSSLFailure, message: "could not produce a signature with a recovery id")
        }

        /// One ECDSA signature through `EVP_PKEY_sign`, DER-decoded into 32-byte `r` and `s`.
        private func rawSign(digest: [UInt8]) throws(CryptoError) -> (r: [UInt8], s: [UInt8]) {
            guard let context = EVP_PKEY_CTX_new_from_pkey(nil, key, nil) else {
                throw OpenSSLErrorQueue.error(.openSSLFailure, "EVP_PKEY_CTX_new_from_pkey failed")
            }
            defer { EVP_PKEY_CTX_free(context) }
            guard EVP_PKEY_sign_init(context) == 1 else {
                throw OpenSSLErrorQueue.error(.openSSLFailure, "EVP_PKEY_sign_init failed")
            }
            var der = [UInt8](repeating: 0, count: 80)  // DER ECDSA-Sig-Value of two 256-bit integers ≤ 72 bytes
            var derLength = der.count
            let ok = der.withUnsafeMutableBufferPointer { derBuffer in
                digest.withUnsafeBufferPointer { digestBuffer in
                    EVP_PKEY_sign(
                        context, derBuffer.baseAddress, &derLength, digestBuffer.baseAddress, digestBuffer.count)
                }
            }
            guard ok == 1 else { throw OpenSSLErrorQueue.error(.openSSLFailure, "EVP_PKEY_sign failed") }

            let signature = der.withUnsafeBufferPointer { buffer -> OpaquePointer? in
                var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
                return d2i_ECDSA_SIG(nil, &cursor, derLength)
            }
            guard let signature else { throw OpenSSLErrorQueue.error(.openSSLFailure, "d2i_ECDSA_SIG failed") }
            defer { ECDSA_SIG_free(signature) }
            var r = [UInt8](repeating: 0, count: 32)
            var s = [UInt8](repeating: 0, count: 32)
            let rWritten = r.withUnsafeMutableBufferPointer {
                BN_bn2binpad(ECDSA_SIG_get0_r(signature), $0.baseAddress, 32)
            }
            let sWritten = s.withUnsafeMutableBufferPointer {
                BN_bn2binpad(ECDSA_SIG_get0_s(signature), $0.baseAddress, 32)
            }
            guard rWritten == 32, sWritten == 32 else {
                throw OpenSSLErrorQueue.error(.openSSLFailure, "ECDSA signature component does not fit 32 bytes")
            }
            return (r, s)
        }

        /// Builds an `EVP_PKEY` key pair from its components with `EVP_PKEY_fromdata`.
        private static func makeKey(secret: borrowing BigNumber, publicKey: [UInt8]) throws(CryptoError)
            -> OpaquePointer
        {
            let names = [
                OSSL_PKEY_PARAM_GROUP_NAME, OSSL_PKEY_PARAM_PRIV_KEY, OSSL_PKEY_PARAM_PUB_KEY, "secp256k1",
            ]
            return try CStringScope.with(names) { (names) throws(CryptoError) -> OpaquePointer in
                guard let builder = OSSL_PARAM_BLD_new() else {
                    throw OpenSSLErrorQueue.error(.openSSLFailure, "OSSL_PARAM_BLD_new failed")
                }
                defer { OSSL_PARAM_BLD_free(builder) }
                // The builder keeps the key, name and octet pointers until OSSL_PARAM_BLD_to_param copies the values;
                // the resulting array still points at the keys, which live until CStringScope returns.
                let params = publicKey.withUnsafeBytes { publicBuffer -> UnsafeMutablePointer<OSSL_PARAM>? in
                    guard OSSL_PARAM_BLD_push_utf8_string(builder, names[0], names[3], 0) == 1,
                        OSSL_PARAM_BLD_push_BN(builder, names[1], secret.pointer) == 1,
                        OSSL_PARAM_BLD_push_octet_string(
                            builder, names[2], publicBuffer.baseAddress, publicBuffer.count
                        ) == 1
                    else { return nil }
                    return OSSL_PARAM_BLD_to_param(builder)
                }
                guard let params else {
                    throw OpenSSLErrorQueue.error(.openSSLFailure, "building EC key parameters failed")
                }
                defer { OSSL_PARAM_free(params) }
                return try EVPKeyPair.fromData(algorithm: "EC", params: params, what: "secp256k1 key pair")
            }
        }
    }
}
