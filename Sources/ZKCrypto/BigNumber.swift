internal import COpenSSL

/// Owns one OpenSSL `BIGNUM`; freed (and cleared) when the value goes away.
struct BigNumber: ~Copyable {
    /// The owned `BIGNUM *`.
    let pointer: OpaquePointer

    /// A new `BIGNUM` with value zero.
    init() throws(CryptoError) {
        guard let pointer = BN_new() else { throw OpenSSLErrorQueue.error(.openSSLFailure, "BN_new failed") }
        self.pointer = pointer
    }

    /// Takes ownership of `pointer`.
    init(taking pointer: OpaquePointer) {
        self.pointer = pointer
    }

    /// The unsigned big-endian integer in `bytes`.
    init(bigEndian bytes: UnsafeRawBufferPointer) throws(CryptoError) {
        let pointer = BN_bin2bn(bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), Int32(bytes.count), nil)
        guard let pointer else { throw OpenSSLErrorQueue.error(.openSSLFailure, "BN_bin2bn failed") }
        self.pointer = pointer
    }

    /// The unsigned big-endian integer in `bytes`.
    init(bigEndian bytes: [UInt8]) throws(CryptoError) {
        let pointer = bytes.withUnsafeBufferPointer { BN_bin2bn($0.baseAddress, Int32($0.count), nil) }
        guard let pointer else { throw OpenSSLErrorQueue.error(.openSSLFailure, "BN_bin2bn failed") }
        self.pointer = pointer
    }

    deinit { BN_clear_free(pointer) }

    /// Whether the value is zero.
    var isZero: Bool { BN_is_zero(pointer) == 1 }

    /// Whether the value is odd.
    var isOdd: Bool { BN_is_odd(pointer) == 1 }

    /// Three-way comparison: negative, zero or positive as `self` is below, equal to or above `other`.
    func compare(_ other: borrowing BigNumber) -> Int32 {
        BN_cmp(pointer, other.pointer)
    }

    /// The value as exactly `count` big-endian bytes, left-padded with zeros.
    ///
    /// The caller guarantees the value fits (all values here are reduced modulo a 256-bit number).
    func bigEndianBytes(count: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        let written = out.withUnsafeMutableBufferPointer { BN_bn2binpad(pointer, $0.baseAddress, Int32(count)) }
        precondition(written == Int32(count), "BN_bn2binpad: value does not fit in \(count) bytes")
        return out
    }
}
