#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Stable C strings for APIs that keep the pointer after the call returns.
///
/// Swift's implicit `String` → `const char *` conversion only lives for one call, but `OSSL_PARAM_BLD_push_*` keeps
/// the key and value pointers until the built `OSSL_PARAM` array is freed, and `EVP_PKEY_CTX_new_from_name` keeps
/// the algorithm name for the context's lifetime.
enum CStringScope {
    /// Calls `body` with NUL-terminated copies of `strings` that stay valid until `body` returns.
    static func with<Result>(
        _ strings: [String],
        _ body: ([UnsafePointer<CChar>]) throws(CryptoError) -> Result
    ) throws(CryptoError) -> Result {
        let copies = strings.map { strdup($0)! }
        defer { for copy in copies { free(copy) } }
        return try body(copies.map { UnsafePointer($0) })
    }
}
