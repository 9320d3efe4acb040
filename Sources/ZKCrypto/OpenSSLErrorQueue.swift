internal import COpenSSL

/// Helpers around OpenSSL's thread-local error queue.
enum OpenSSLErrorQueue {
    /// Builds a ``CryptoError`` for a failed libcrypto call, taking the oldest queued OpenSSL error and clearing the
    /// queue so that stale entries never leak into unrelated calls on the same thread.
    static func error(_ code: CryptoError.Code, _ message: String) -> CryptoError {
        let packed = ERR_get_error()
        ERR_clear_error()
        return CryptoError(code: code, message: message, openSSLError: packed == 0 ? nil : UInt(packed))
    }

    /// Clears the queue after an expected failure (for example a point that is not on the curve).
    static func clear() {
        ERR_clear_error()
    }

    /// OpenSSL's text for a packed error code.
    static func describe(_ packed: UInt) -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(UInt(packed), &buffer, buffer.count)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
