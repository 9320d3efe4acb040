internal import COpenSSL

/// SHA-384 (FIPS 180-4 §6.5) through OpenSSL's EVP interface, one-shot or streaming.
///
/// The streaming form owns one `EVP_MD_CTX`; it is a value-semantics-free class and must not be shared across tasks.
public final class SHA384 {
    /// Digest length in bytes.
    public static let byteCount = 48

    private let context: OpaquePointer

    /// Starts a new digest.
    public init() {
        guard let context = EVP_MD_CTX_new() else { fatalError("EVP_MD_CTX_new failed: out of memory") }
        self.context = context
        precondition(EVP_DigestInit_ex(context, EVP_sha384(), nil) == 1, "EVP_DigestInit_ex(sha384) failed")
    }

    deinit { EVP_MD_CTX_free(context) }

    /// Adds bytes to the digest.
    public func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        precondition(EVP_DigestUpdate(context, base, bytes.count) == 1, "EVP_DigestUpdate failed")
    }

    /// Adds bytes to the digest.
    public func update(_ bytes: some Sequence<UInt8>) {
        if let done: Void = bytes.withContiguousStorageIfAvailable({ self.update(UnsafeRawBufferPointer($0)) }) {
            return done
        }
        let array = Array(bytes)
        array.withUnsafeBytes { self.update($0) }
    }

    /// Finishes the digest and returns its 48 bytes. The hasher must not be used afterwards.
    public func finalize() -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Self.byteCount)
        var length: UInt32 = 0
        out.withUnsafeMutableBufferPointer { buffer in
            precondition(EVP_DigestFinal_ex(context, buffer.baseAddress, &length) == 1, "EVP_DigestFinal_ex failed")
        }
        return out
    }

    /// The SHA-384 digest of `bytes`.
    public static func hash(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: byteCount)
        out.withUnsafeMutableBufferPointer { buffer in
            _ = COpenSSL.SHA384(bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count, buffer.baseAddress)
        }
        return out
    }

    /// The SHA-384 digest of `bytes`.
    public static func hash(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        if let digest = bytes.withContiguousStorageIfAvailable({ hash(UnsafeRawBufferPointer($0)) }) {
            return digest
        }
        return Array(bytes).withUnsafeBytes { hash($0) }
    }
}
