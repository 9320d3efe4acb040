internal import COpenSSL

/// Owns one OpenSSL `EC_POINT` on a group; cleared and freed when the value goes away.
struct ECPoint: ~Copyable {
    /// The owned `EC_POINT *`.
    let pointer: OpaquePointer

    /// The point at infinity on `group`.
    init(group: OpaquePointer) throws(CryptoError) {
        guard let pointer = EC_POINT_new(group) else {
            throw OpenSSLErrorQueue.error(.openSSLFailure, "EC_POINT_new failed")
        }
        self.pointer = pointer
    }

    deinit { EC_POINT_clear_free(pointer) }
}
