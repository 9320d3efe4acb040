internal import COpenSSL

/// Builds OpenSSL key pairs from their components: the `EVP_PKEY_fromdata` sequence the key types share.
enum EVPKeyPair {
    /// `EVP_PKEY_KEYPAIR` (a compound macro Swift cannot import): all parameters plus public and private key.
    private static let selection = Int32(
        OSSL_KEYMGMT_SELECT_DOMAIN_PARAMETERS | OSSL_KEYMGMT_SELECT_OTHER_PARAMETERS
            | OSSL_KEYMGMT_SELECT_PUBLIC_KEY | OSSL_KEYMGMT_SELECT_PRIVATE_KEY
    )

    /// A new `EVP_PKEY` of `algorithm` ("EC", "RSA") from `params`; the caller owns it (`EVP_PKEY_free`).
    ///
    /// - Throws: ``CryptoError`` `openSSLFailure` naming `what` when OpenSSL refuses the components.
    static func fromData(
        algorithm: String,
        params: UnsafeMutablePointer<OSSL_PARAM>,
        what: String
    ) throws(CryptoError) -> OpaquePointer {
        let made: OpaquePointer? = algorithm.withCString { name in
            // The context keeps `name` only for its own lifetime, which ends here.
            guard let context = EVP_PKEY_CTX_new_from_name(nil, name, nil) else { return nil }
            defer { EVP_PKEY_CTX_free(context) }
            var key: OpaquePointer? = nil
            guard EVP_PKEY_fromdata_init(context) == 1, EVP_PKEY_fromdata(context, &key, selection, params) == 1 else {
                return nil
            }
            return key
        }
        guard let made else { throw OpenSSLErrorQueue.error(.openSSLFailure, "EVP_PKEY_fromdata(\(what)) failed") }
        return made
    }
}
