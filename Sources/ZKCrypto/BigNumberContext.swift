internal import COpenSSL

/// Owns one OpenSSL `BN_CTX` (scratch space for bignum arithmetic); not shareable across threads.
struct BigNumberContext: ~Copyable {
    /// The owned `BN_CTX *`.
    let pointer: OpaquePointer

    init() throws(CryptoError) {
        guard let pointer = BN_CTX_new() else { throw OpenSSLErrorQueue.error(.openSSLFailure, "BN_CTX_new failed") }
        self.pointer = pointer
    }

    deinit { BN_CTX_free(pointer) }
}
