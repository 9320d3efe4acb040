/// The error of one call: a gRPC canonical status code, a message for people, and machine-readable details.
///
/// Services throw it (or a domain error that is ``RPCErrorConvertible``); the transport sends it as an ERROR frame
/// and the client rethrows it unchanged, so `code` and `message` survive the network.
public struct RPCError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A gRPC canonical status code, with gRPC's numbers.
    public struct Code: Sendable, Hashable, CustomStringConvertible, Comparable {
        /// The numeric code that travels on the wire.
        public let rawValue: UInt32

        public init?(rawValue: UInt32) {
            guard rawValue <= 16 else { return nil }
            self.rawValue = rawValue
        }

        private init(_ rawValue: UInt32) { self.rawValue = rawValue }

        /// Not an error; never thrown.
        public static let ok = Code(0)
        /// The caller cancelled the call. Retrying is the caller's choice.
        public static let cancelled = Code(1)
        /// An error with no better code.
        public static let unknown = Code(2)
        /// The request is malformed or fails validation; retrying it unchanged fails again.
        public static let invalidArgument = Code(3)
        /// The deadline passed before the call completed.
        public static let deadlineExceeded = Code(4)
        /// The named entity does not exist.
        public static let notFound = Code(5)
        /// The entity to create exists already.
        public static let alreadyExists = Code(6)
        /// The caller may not do this.
        public static let permissionDenied = Code(7)
        /// A limit was reached (frame size, rate, quota, queue); details may carry `retry-after-ms`.
        public static let resourceExhausted = Code(8)
        /// The system is not in a state the call needs.
        public static let failedPrecondition = Code(9)
        /// A concurrency conflict; retry the whole operation.
        public static let aborted = Code(10)
        /// A value outside its valid range.
        public static let outOfRange = Code(11)
        /// The method is unknown or not implemented by this server.
        public static let unimplemented = Code(12)
        /// An invariant broke inside the server.
        public static let internalError = Code(13)
        /// The service cannot be reached or is shutting down; idempotent calls may be retried.
        public static let unavailable = Code(14)
        /// Unrecoverable data loss or corruption (e.g. bytes that do not match their hash).
        public static let dataLoss = Code(15)
        /// Missing or invalid credentials or signature.
        public static let unauthenticated = Code(16)

        private static let names = [
            "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS",
            "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE",
            "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED",
        ]

        /// The gRPC name, e.g. `RESOURCE_EXHAUSTED`.
        public var name: String { Self.names[Int(rawValue)] }

        public var description: String { name }

        /// Parses a gRPC name (`NOT_FOUND`) or number (`5`).
        public init?(name: String) {
            if let number = UInt32(name), let code = Code(rawValue: number) {
                self = code
                return
            }
            guard let index = Self.names.firstIndex(of: name.uppercased()) else { return nil }
            self.rawValue = UInt32(index)
        }

        public static func < (lhs: Code, rhs: Code) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    public var code: Code
    public var message: String
    /// Machine-readable details, such as `retry-after-ms`.
    public var details: [String: String]

    public init(code: Code, message: String, details: [String: String] = [:]) {
        self.code = code
        self.message = message
        self.details = details
    }

    public var description: String { "\(code.name): \(message)" }

    /// The retry hint of a RESOURCE_EXHAUSTED error, if the server gave one.
    public var retryAfterMilliseconds: UInt64? { details[Self.retryAfterKey].flatMap(UInt64.init) }

    /// Detail key of the retry hint.
    public static let retryAfterKey = "retry-after-ms"
}
