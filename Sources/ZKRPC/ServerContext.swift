public import Logging

/// What a handler knows about the call it serves.
public struct ServerContext: Sendable {
    /// Full method name, e.g. `zkfaas.v1.Registry/GetProgram`.
    public var method: String
    /// The client's id for this call on its connection.
    public var requestID: UInt64
    public var metadata: Metadata
    /// When the caller stops waiting, if it set a deadline.
    public var deadline: ContinuousClock.Instant?
    /// The peer's address as text.
    public var peer: String
    /// A logger carrying `rpc.method`, `rpc.request_id` and `rpc.trace_id` metadata.
    public var logger: Logger

    public init(
        method: String,
        requestID: UInt64,
        metadata: Metadata,
        deadline: ContinuousClock.Instant?,
        peer: String,
        logger: Logger
    ) {
        self.method = method
        self.requestID = requestID
        self.metadata = metadata
        self.deadline = deadline
        self.peer = peer
        self.logger = logger
    }

    /// The API key from the `api-key` metadata entry.
    public var apiKey: String? { metadata[Metadata.apiKey] }

    /// Time left until the deadline (nil without one).
    public var timeRemaining: Duration? {
        deadline.map { $0 - .now }
    }
}
