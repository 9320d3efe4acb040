internal import COpenSSL

/// An RSA private key held in an OpenSSL `EVP_PKEY`, built from the components of RFC 8017 §3.2 (the second
/// representation: modulus, both exponents, both primes and the CRT values), that signs with RSASSA-PSS.
///
/// Signatures are RSASSA-PSS (RFC 8017 §8.1, EMSA-PSS §9.1) with SHA-256 (FIPS 180-4) as the message digest and in
/// MGF1 (RFC 8017 §B.2.1), and a random salt of the caller's length: what JOSE's `PS256` and Arweave transactions
/// use.
///
/// ```swift
/// let key = try RSAPrivateKey(
///     modulus: n, publicExponent: e, privateExponent: d, prime1: p, prime2: q,
///     exponent1: dp, exponent2: dq, coefficient: qi
/// )
/// let signature = try key.signPSSSHA256(message, saltLength: 32)
/// ```
///
/// `@unchecked Sendable`: the key is immutable after `init`, and every signature uses its own `EVP_MD_CTX`, which
/// OpenSSL 3 allows concurrently on one `EVP_PKEY`.
public final class RSAPrivateKey: @unchecked Sendable {
    /// The owned `EVP_PKEY *` (RSA, with public and private components).
    private let key: OpaquePointer

    /// The modulus `n`, big-endian without leading zero bytes.
    public let modulus: [UInt8]

    /// The size of the modulus in bits.
    public let bitCount: Int

    /// Builds a key from its components, each an unsigned big-endian integer (leading zero bytes allowed), and
    /// checks that they form one key pair.
    ///
    /// - Parameters:
    ///   - modulus: `n = p·q`.
    ///   - publicExponent: `e`.
    ///   - privateExponent: `d`, the inverse of `e` modulo λ(n) (or φ(n)).
    ///   - prime1: `p`.
    ///   - prime2: `q`.
    ///   - exponent1: `dP = d mod (p − 1)`.
    ///   - exponent2: `dQ = d mod (q − 1)`.
    ///   - coefficient: `qInv = q⁻¹ mod p`.
    /// - Throws: ``CryptoError`` with ``CryptoError/Code/invalidPrivateKey`` if a component is zero,
    ///   ``CryptoError/Code/inconsistentKeyPair`` if OpenSSL's pairwise check (`EVP_PKEY_pairwise_check`) rejects
    ///   the components, ``CryptoError/Code/openSSLFailure`` if OpenSSL fails otherwise.
    public init(
        modulus: [UInt8],
        publicExponent: [UInt8],
        privateExponent: [UInt8],
        prime1: [UInt8],
        prime2: [UInt8],
        exponent1: [UInt8],
        exponent2: [UInt8],
        coefficient: [UInt8]
    ) throws(CryptoError) {
        // OpenSSL's parameter names (OSSL_PKEY_PARAM_RSA_*; the numbered ones are concatenated macros that Swift
        // cannot import).
        let components = [
            ("n", "n", modulus), ("e", "e", publicExponent), ("d", "d", privateExponent),
            ("p", "rsa-factor1", prime1), ("q", "rsa-factor2", prime2), ("dP", "rsa-exponent1", exponent1),
            ("dQ", "rsa-exponent2", exponent2), ("qInv", "rsa-coefficient1", coefficient),
        ]
        for (name, _, value) in components where value.allSatisfy({ $0 == 0 }) {
            throw CryptoError(code: .invalidPrivateKey, message: "RSA component \(name) is zero")
        }
        let key = try Self.makeKey(names: components.map(\.1), values: components.map(\.2))
        self.key = key
        self.bitCount = Int(EVP_PKEY_get_bits(key))
        self.modulus = Array(modulus.drop { $0 == 0 })
    }

    deinit { EVP_PKEY_free(key) }

    /// The RSASSA-PSS signature (RFC 8017 §8.1.1) of `message` with SHA-256, MGF1-SHA-256 and a random salt of
    /// `saltLength` bytes, as many bytes as ``modulus``.
    ///
    /// The message is hashed here; pass the message itself, not its digest.
    ///
    /// - Parameters:
    ///   - message: The bytes to sign.
    ///   - saltLength: The salt length in bytes, from 0 to `⌈(bitCount − 1)/8⌉ − 34` (RFC 8017 §9.1.1 step 3).
    /// - Throws: ``CryptoError`` with ``CryptoError/Code/invalidLength`` if `saltLength` does not fit the modulus,
    ///   ``CryptoError/Code/openSSLFailure`` if OpenSSL fails.
    public func signPSSSHA256(_ message: [UInt8], saltLength: Int) throws(CryptoError) -> [UInt8] {
        let encodedLength = (bitCount - 1 + 7) / 8
        let maximumSaltLength = encodedLength - SHA256.byteCount - 2
        guard saltLength >= 0, saltLength <= maximumSaltLength else {
            throw CryptoError(
                code: .invalidLength,
                message: "PSS salt length \(saltLength) does not fit a \(bitCount)-bit key (0 to \(maximumSaltLength))"
            )
        }
        let names = [
            OSSL_DIGEST_NAME_SHA2_256, OSSL_SIGNATURE_PARAM_PAD_MODE, OSSL_PKEY_RSA_PAD_MODE_PSS,
            OSSL_SIGNATURE_PARAM_PSS_SALTLEN, OSSL_SIGNATURE_PARAM_MGF1_DIGEST,
        ]
        return try CStringScope.with(names) { (names) throws(CryptoError) -> [UInt8] in
            guard let builder = OSSL_PARAM_BLD_new() else {
                throw OpenSSLErrorQueue.error(.openSSLFailure, "OSSL_PARAM_BLD_new failed")
            }
            defer { OSSL_PARAM_BLD_free(builder) }
            guard OSSL_PARAM_BLD_push_utf8_string(builder, names[1], names[2], 0) == 1,
                OSSL_PARAM_BLD_push_int(builder, names[3], Int32(saltLength)) == 1,
                OSSL_PARAM_BLD_push_utf8_string(builder, names[4], names[0], 0) == 1,
                let params = OSSL_PARAM_BLD_to_param(builder)
            else { throw OpenSSLErrorQueue.error(.openSSLFailure, "building RSA-PSS parameters failed") }
            defer { OSSL_PARAM_free(params) }

            guard let context = EVP_MD_CTX_new() else {
                throw OpenSSLErrorQueue.error(.openSSLFailure, "EVP_MD_CTX_new failed")
            }
            defer { EVP_MD_CTX_free(context) }
            guard EVP_DigestSignInit_ex(context, nil, names[0], nil, nil, key, params) == 1 else {
                throw OpenSSLErrorQueue.error(.openSSLFailure, "EVP_DigestSignInit_ex(RSA-PSS) failed")
            }
            var length = 0
            let sized = message.withUnsafeBufferPointer {
                EVP_DigestSign(context, nil, &length, $0.baseAddress, $0.count)
            }
            guard sized == 1 else {
                throw OpenSSLErrorQueue.error(.openSSLFailure, "EVP_DigestSign(RSA-PSS, length) failed")
            }
            var signature = [UInt8](repeating: 0, count: length)
            let ok = signature.withUnsafeMutableBufferPointer { signatureBuffer in
                message.withUnsafeBufferPointer { messageBuffer in
                    EVP_DigestSign(
                        context,
                        signatureBuffer.baseAddress,
                        &length,
                        messageBuffer.baseAddress,
                        messageBuffer.count
                    )
                }
            }
            guard ok == 1 else { throw OpenSSLErrorQueue.error(.openSSLFailure, "EVP_DigestSign(RSA-PSS) failed") }
            return Array(signature.prefix(length))
        }
    }

    /// Builds an `EVP_PKEY` key pair from its components with `EVP_PKEY_fromdata` and checks it with
    /// `EVP_PKEY_pairwise_check`.
    private static func makeKey(names: [String], values: [[UInt8]]) throws(CryptoError) -> OpaquePointer {
        try CStringScope.with(names) { (cNames) throws(CryptoError) -> OpaquePointer in
            guard let builder = OSSL_PARAM_BLD_new() else {
                throw OpenSSLErrorQueue.error(.openSSLFailure, "OSSL_PARAM_BLD_new failed")
            }
            defer { OSSL_PARAM_BLD_free(builder) }
            // The builder keeps the BIGNUM pointers until OSSL_PARAM_BLD_to_param copies the values. (`BigNumber` is
            // noncopyable, so it cannot live in an array.)
            var numbers: [OpaquePointer] = []
            defer { for number in numbers { BN_clear_free(number) } }
            for (index, value) in values.enumerated() {
                let number = value.withUnsafeBufferPointer { BN_bin2bn($0.baseAddress, Int32($0.count), nil) }
                guard let number else { throw OpenSSLErrorQueue.error(.openSSLFailure, "BN_bin2bn failed") }
                numbers.append(number)
                guard OSSL_PARAM_BLD_push_BN(builder, cNames[index], number) == 1 else {
                    throw OpenSSLErrorQueue.error(.openSSLFailure, "OSSL_PARAM_BLD_push_BN(\(names[index])) failed")
                }
            }
            guard let params = OSSL_PARAM_BLD_to_param(builder) else {
                throw OpenSSLErrorQueue.error(.openSSLFailure, "OSSL_PARAM_BLD_to_param failed")
            }
            defer { OSSL_PARAM_free(params) }
            let key = try EVPKeyPair.fromData(algorithm: "RSA", params: params, what: "RSA key pair")

            guard let check = EVP_PKEY_CTX_new_from_pkey(nil, key, nil) else {
                EVP_PKEY_free(key)
                throw OpenSSLErrorQueue.error(.openSSLFailure, "EVP_PKEY_CTX_new_from_pkey failed")
            }
            defer { EVP_PKEY_CTX_free(check) }
            guard EVP_PKEY_pairwise_check(check) == 1 else {
                EVP_PKEY_free(key)
                throw OpenSSLErrorQueue.error(
                    .inconsistentKeyPair,
                    "the RSA components do not form one key pair (EVP_PKEY_pairwise_check)"
                )
            }
            return key
        }
    }
}
