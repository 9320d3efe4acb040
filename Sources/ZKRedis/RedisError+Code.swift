extension RedisError {
    /// The kind of a ``RedisError``; a struct over a private enum so cases can be added without breaking callers.
    ///
    /// ``rawValue`` is a stable number that is safe to log, send or export as a metric dimension.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Wrapped: Int, Sendable {
            case connectFailed = 1
            case ioError = 2
            case protocolError = 3
            case serverError = 4
            case timeout = 5
            case invalidURL = 6
            case authenticationFailed = 7
            case invalidArgument = 8
            case clientClosed = 9
        }

        private var wrapped: Wrapped

        private init(_ wrapped: Wrapped) { self.wrapped = wrapped }

        /// The stable number of this code.
        public var rawValue: Int { wrapped.rawValue }

        /// No connection could be established (refused, unreachable, DNS failure, connect timeout).
        /// Retry later; the server is probably down.
        public static let connectFailed = Code(.connectFailed)

        /// An established connection failed while sending or receiving (reset, EOF). The command may or may not have
        /// been executed by the server; the connection has been dropped and the next command reconnects.
        public static let ioError = Code(.ioError)

        /// The server's reply could not be parsed, or had a type the command does not expect.
        public static let protocolError = Code(.protocolError)

        /// The server answered with an error reply; ``RedisError/message`` holds the server's error line.
        public static let serverError = Code(.serverError)

        /// No reply arrived within ``RedisConfiguration/commandTimeout``. The command may or may not have been
        /// executed; the connection has been dropped.
        public static let timeout = Code(.timeout)

        /// A `redis://` URL could not be parsed.
        public static let invalidURL = Code(.invalidURL)

        /// The server rejected the password (`AUTH` failed), or requires one that was not given (`NOAUTH`).
        /// Retrying will not help.
        public static let authenticationFailed = Code(.authenticationFailed)

        /// An argument was rejected before anything was sent (for example an empty command).
        public static let invalidArgument = Code(.invalidArgument)

        /// The client was closed with ``RedisClient/close()``.
        public static let clientClosed = Code(.clientClosed)

        public var description: String {
            switch wrapped {
            case .connectFailed: "connectFailed"
            case .ioError: "ioError"
            case .protocolError: "protocolError"
            case .serverError: "serverError"
            case .timeout: "timeout"
            case .invalidURL: "invalidURL"
            case .authenticationFailed: "authenticationFailed"
            case .invalidArgument: "invalidArgument"
            case .clientClosed: "clientClosed"
            }
        }
    }
}
