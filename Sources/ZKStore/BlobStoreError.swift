/// An error thrown by ``BlobStore``.
///
/// Carries a stable numeric ``Code``, a message for logs, the `errno` of a failed system call when there was one,
/// and the underlying error (for example an `SQLiteError` from the index) when there was one.
///
/// Corrupted blobs are *not* reported with an error: ``BlobStore/get(_:verify:)`` drops them and returns `nil`
/// (see ``BlobStore/IntegrityFailure``).
public struct BlobStoreError: Error, Sendable {
    /// What went wrong, as a stable code.
    public var code: Code
    /// A description for humans; not stable, do not match on it.
    public var message: String
    /// The `errno` of the failed system call, if any.
    public var errno: Int32?
    /// The underlying error, if any.
    public var cause: (any Error)?

    /// Creates an error.
    public init(code: Code, message: String, errno: Int32? = nil, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.errno = errno
        self.cause = cause
    }
}

extension BlobStoreError: CustomStringConvertible {
    public var description: String {
        var text = "BlobStoreError(\(code)): \(message)"
        if let errno { text += " [errno \(errno)]" }
        if let cause { text += " [cause: \(cause)]" }
        return text
    }
}
