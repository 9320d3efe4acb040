/// A failure to load an Arweave wallet or to upload a transaction.
///
/// Upload failures never fail a put: the service logs them and counts them in `arweave_upload_failures`.
struct ArweaveError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, as a stable code.
    var code: Code
    /// A description for logs; not stable.
    var message: String
    /// The HTTP status the gateway answered, when it answered one.
    var status: Int?

    init(code: Code, message: String, status: Int? = nil) {
        self.code = code
        self.message = message
        self.status = status
    }

    var description: String {
        "ArweaveError(\(code)): \(message)" + (status.map { " [HTTP \($0)]" } ?? "")
    }
}
