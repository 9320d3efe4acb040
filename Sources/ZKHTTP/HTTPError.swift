/// An error from ``HTTPClient``.
public struct HTTPError: Error, Sendable, CustomStringConvertible {
    /// The kind of failure; backed by a private enum so cases can grow.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Wrapped: Int, Sendable {
            case connectFailed = 1
            case timeout = 2
            case tooLarge = 3
            case httpStatus = 4
            case invalidURL = 5
            case transferFailed = 6
            case cancelled = 7
            case overloaded = 8
        }

        private let wrapped: Wrapped
        private init(_ wrapped: Wrapped) { self.wrapped = wrapped }

        /// Stable numeric value.
        public var rawValue: Int { wrapped.rawValue }
        public var description: String { String(describing: wrapped) }

        /// The host could not be resolved or the TCP/TLS connection failed. Retry elsewhere or later.
        public static let connectFailed = Code(.connectFailed)
        /// The whole request exceeded its timeout (or the connect timeout). Retry may succeed.
        public static let timeout = Code(.timeout)
        /// The response body exceeded `maxBytes`; the transfer was aborted. Retrying will not help.
        public static let tooLarge = Code(.tooLarge)
        /// The server answered with a status outside 200...299; see ``HTTPError/status``.
        public static let httpStatus = Code(.httpStatus)
        /// The URL is malformed or not http/https.
        public static let invalidURL = Code(.invalidURL)
        /// Any other transfer failure (connection reset, bad response, ...).
        public static let transferFailed = Code(.transferFailed)
        /// The calling task was cancelled and the transfer aborted.
        public static let cancelled = Code(.cancelled)
        /// Too many transfers run or wait already (``HTTPWorkerPool``); nothing was sent. Retry later.
        public static let overloaded = Code(.overloaded)
    }

    /// The kind of failure.
    public var code: Code
    /// What happened, including curl's explanation where there is one.
    public var message: String
    /// The HTTP status for ``Code/httpStatus``.
    public var status: Int?
    /// For ``Code/httpStatus``: the (possibly truncated) response body, for diagnostics.
    public var body: [UInt8]

    public init(code: Code, message: String, status: Int? = nil, body: [UInt8] = []) {
        self.code = code
        self.message = message
        self.status = status
        self.body = body
    }

    /// An ``Code/httpStatus`` error for `status`.
    public static func httpStatus(_ status: Int, body: [UInt8] = []) -> HTTPError {
        HTTPError(code: .httpStatus, message: "HTTP status \(status)", status: status, body: body)
    }

    public var description: String {
        var text = "HTTPError(\(code), \(code.rawValue)): \(message)"
        if !body.isEmpty { text += " body: " + String(decoding: body.prefix(256), as: UTF8.self) }
        return text
    }
}
