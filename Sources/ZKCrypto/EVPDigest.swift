internal import COpenSSL

/// A hash through OpenSSL: streaming with an `EVP_MD_CTX`, one-shot with the algorithm's own function. The
/// machinery behind ``SHA256`` and ``SHA384``.
///
/// The streaming form owns its context and must stay within one task.
final class EVPDigest {
    /// The algorithms the public hash types use.
    enum Algorithm {
        case sha256
        case sha384

        /// Digest length in bytes.
        var byteCount: Int {
            switch self {
            case .sha256: 32
            case .sha384: 48
            }
        }

        fileprivate var name: String {
            switch self {
            case .sha256: "sha256"
            case .sha384: "sha384"
            }
        }

        fileprivate var method: OpaquePointer? {
            switch self {
            case .sha256: EVP_sha256()
            case .sha384: EVP_sha384()
            }
        }

        /// OpenSSL's one-shot function (`SHA256`, `SHA384`): no context to set up for short inputs.
        fileprivate func oneShot(_ input: UnsafePointer<UInt8>?, _ count: Int, _ output: UnsafeMutablePointer<UInt8>?) {
            switch self {
            case .sha256: _ = COpenSSL.SHA256(input, count, output)
            case .sha384: _ = COpenSSL.SHA384(input, count, output)
            }
        }
    }

    let algorithm: Algorithm
    private let context: OpaquePointer

    /// Starts a new digest.
    init(_ algorithm: Algorithm) {
        guard let context = EVP_MD_CTX_new() else { fatalError("EVP_MD_CTX_new failed: out of memory") }
        self.algorithm = algorithm
        self.context = context
        precondition(
            EVP_DigestInit_ex(context, algorithm.method, nil) == 1,
            "EVP_DigestInit_ex(\(algorithm.name)) failed"
        )
    }

    deinit { EVP_MD_CTX_free(context) }

    /// Adds bytes to the digest.
    func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        precondition(EVP_DigestUpdate(context, base, bytes.count) == 1, "EVP_DigestUpdate failed")
    }

    /// Adds bytes to the digest.
    func update(_ bytes: some Sequence<UInt8>) {
        if let done: Void = bytes.withContiguousStorageIfAvailable({ self.update(UnsafeRawBufferPointer($0)) }) {
            return done
        }
        let array = Array(bytes)
        array.withUnsafeBytes { self.update($0) }
    }

    /// Finishes the digest and returns it. The digest must not be used afterwards.
    func finalize() -> [UInt8] {
        var out = [UInt8](repeating: 0, count: algorithm.byteCount)
        var length: UInt32 = 0
        out.withUnsafeMutableBufferPointer { buffer in
            precondition(EVP_DigestFinal_ex(context, buffer.baseAddress, &length) == 1, "EVP_DigestFinal_ex failed")
        }
        return out
    }

    /// The digest of `bytes`.
    static func hash(_ algorithm: Algorithm, _ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: algorithm.byteCount)
        out.withUnsafeMutableBufferPointer { buffer in
            algorithm.oneShot(bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count, buffer.baseAddress)
        }
        return out
    }

    /// The digest of `bytes`.
    static func hash(_ algorithm: Algorithm, _ bytes: some Sequence<UInt8>) -> [UInt8] {
        if let digest = bytes.withContiguousStorageIfAvailable({ hash(algorithm, UnsafeRawBufferPointer($0)) }) {
            return digest
        }
        return Array(bytes).withUnsafeBytes { hash(algorithm, $0) }
    }
}
