public import ZKProto
public import ZKRPC
import Synchronization

/// A client of one service endpoint: a small pool of multiplexed connections, made lazily and remade when they
/// break, per-call timeouts, and retries of idempotent calls on UNAVAILABLE.
public final class RPCClient: Sendable {
    /// Endpoint and behaviour.
    public struct Configuration: Sendable {
        public var host: String
        public var port: Int
        /// Connections in the pool; calls are spread round-robin. Default 2.
        public var connections: Int
        public var maximumFrameBytes: Int
        /// Timeout of calls that name none. Default 30 s.
        public var defaultTimeout: Duration
        /// Attempts of an idempotent call (first included). Default 3.
        public var maximumAttempts: Int
        /// Metadata sent with every call (e.g. the API key).
        public var metadata: Metadata

        public init(
            host: String,
            port: Int,
            connections: Int = 2,
            maximumFrameBytes: Int = RPCServerConfiguration.defaultMaximumFrameBytes,
            defaultTimeout: Duration = .seconds(30),
            maximumAttempts: Int = 3,
            metadata: Metadata = Metadata()
        ) {
            self.host = host
            self.port = port
            self.connections = max(1, connections)
            self.maximumFrameBytes = maximumFrameBytes
            self.defaultTimeout = defaultTimeout
            self.maximumAttempts = max(1, maximumAttempts)
            self.metadata = metadata
        }

        /// Parses `HOST:PORT` (or `[V6]:PORT`).
        public init(address: String) throws {
            guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]),
                (0...65535).contains(port)
            else {
                throw RPCError(code: .invalidArgument, message: "'\(address)' is not HOST:PORT")
            }
            var host = String(address[..<colon])
            if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
            self.init(host: host.isEmpty ? "127.0.0.1" : host, port: port)
        }
    }

    private enum Slot {
        case empty
        case connecting(Task<RPCConnection, any Error>)
        case ready(RPCConnection)
    }

    private struct State {
        var slots: [Slot]
        var next = 0
        var closed = false
    }

    public let configuration: Configuration
    private let state: Mutex<State>

    public init(configuration: Configuration) {
        self.configuration = configuration
        self.state = Mutex(State(slots: Array(repeating: .empty, count: configuration.connections)))
    }

    /// Makes a typed call.
    ///
    /// - Parameters:
    ///   - idempotent: retry on UNAVAILABLE (connection failures are retried for every call whose request was
    ///     never sent).
    /// - Throws: ``RPCError``.
    @inlinable
    public func unary<Request, Response>(
        _ method: MethodDescriptor<Request, Response>,
        _ request: Request,
        metadata: Metadata = Metadata(),
        timeout: Duration? = nil,
        idempotent: Bool = false
    ) async throws -> Response {
        let payload = try await unaryPayload(
            method: method.fullName,
            payload: request.serializedBytes(),
            metadata: metadata,
            timeout: timeout,
            idempotent: idempotent
        )
        do {
            // Decoded straight from the received bytes: a large answer is not copied out first.
            return try payload.withUnsafeBytes { bytes in try Response(serializedBytes: bytes) }
        } catch {
            throw RPCError(code: .internalError, message: "malformed response from the server: \(error)")
        }
    }

    /// Makes a call with an encoded request.
    public func unary(
        method: String,
        payload: [UInt8],
        metadata: Metadata = Metadata(),
        timeout: Duration? = nil,
        idempotent: Bool = false
    ) async throws -> [UInt8] {
        try await unaryPayload(
            method: method,
            payload: payload,
            metadata: metadata,
            timeout: timeout,
            idempotent: idempotent
        ).array
    }

    /// Makes a typed call and hands over the encoded response as received, not decoded and not copied into an array:
    /// a large answer (from 16 KiB) is a slice of the bytes read from the socket (see
    /// ``RPCConnection/callShared(method:payload:metadata:timeout:)``). For callers that keep or forward a large field
    /// of `Response` without copying it.
    ///
    /// - Throws: ``RPCError``.
    public func unaryShared<Request, Response>(
        _ method: MethodDescriptor<Request, Response>,
        _ request: Request,
        metadata: Metadata = Metadata(),
        timeout: Duration? = nil,
        idempotent: Bool = false
    ) async throws -> SharedBytes {
        try await unaryPayload(
            method: method.fullName,
            payload: request.serializedBytes(),
            metadata: metadata,
            timeout: timeout,
            idempotent: idempotent
        ).shared
    }

    /// As ``unary(method:payload:metadata:timeout:idempotent:)``, answering the payload as received.
    @usableFromInline
    func unaryPayload(
        method: String,
        payload: [UInt8],
        metadata: Metadata,
        timeout: Duration?,
        idempotent: Bool
    ) async throws -> ResponsePayload {
        let deadline = ContinuousClock.now + (timeout ?? configuration.defaultTimeout)
        var allMetadata = configuration.metadata
        for (key, value) in metadata { allMetadata.add(key, value) }
        var attempt = 0
        var backoff = Duration.milliseconds(50)
        while true {
            attempt += 1
            let connection: RPCConnection
            do {
                connection = try await self.connection()
            } catch let error as RPCError {
                // Nothing was sent: safe to retry for any call.
                if attempt < configuration.maximumAttempts, ContinuousClock.now + backoff < deadline {
                    try await Task.sleep(for: backoff)
                    backoff *= 2
                    continue
                }
                throw error
            }
            do {
                let remaining = deadline - .now
                guard remaining > .zero else {
                    throw RPCError(code: .deadlineExceeded, message: "the call's deadline passed")
                }
                return try await connection.callPayload(
                    method: method,
                    payload: payload,
                    metadata: allMetadata,
                    timeout: remaining
                )
            } catch let error as RPCError where error.code == .unavailable {
                if !connection.isActive { self.discard(connection) }
                if idempotent, attempt < configuration.maximumAttempts, ContinuousClock.now + backoff < deadline {
                    try await Task.sleep(for: backoff)
                    backoff *= 2
                    continue
                }
                throw error
            }
        }
    }

    /// Checks that the endpoint answers a PING.
    public func ping(timeout: Duration = .seconds(5)) async throws -> Duration {
        try await connection().ping(timeout: timeout)
    }

    private func connection() async throws -> RPCConnection {
        enum Next {
            case ready(RPCConnection)
            case wait(Task<RPCConnection, any Error>, Int)
        }
        let configuration = self.configuration
        let next: Next = try state.withLock { state in
            guard !state.closed else { throw RPCError(code: .unavailable, message: "client is closed") }
            let index = state.next
            state.next = (state.next + 1) % state.slots.count
            switch state.slots[index] {
            case .ready(let connection) where connection.isActive:
                return .ready(connection)
            case .connecting(let task):
                return .wait(task, index)
            default:
                let task = Task {
                    try await RPCConnection.connect(
                        host: configuration.host,
                        port: configuration.port,
                        maximumFrameBytes: configuration.maximumFrameBytes
                    )
                }
                state.slots[index] = .connecting(task)
                return .wait(task, index)
            }
        }
        switch next {
        case .ready(let connection):
            return connection
        case .wait(let task, let index):
            do {
                let connection = try await task.value
                let closed = state.withLock { state in
                    if case .connecting = state.slots[index] { state.slots[index] = .ready(connection) }
                    return state.closed
                }
                guard !closed else {
                    await connection.close()
                    throw RPCError(code: .unavailable, message: "client is closed")
                }
                return connection
            } catch {
                state.withLock { state in
                    if case .connecting = state.slots[index] { state.slots[index] = .empty }
                }
                throw RPCError(mapping: error)
            }
        }
    }

    private func discard(_ connection: RPCConnection) {
        state.withLock { state in
            for index in state.slots.indices {
                if case .ready(let existing) = state.slots[index], existing === connection {
                    state.slots[index] = .empty
                }
            }
        }
    }

    /// Closes every connection, and abandons those still being made; calls waiting for one fail with UNAVAILABLE.
    public func close() async {
        let slots: [Slot] = state.withLock { state in
            state.closed = true
            defer { state.slots = Array(repeating: .empty, count: state.slots.count) }
            return state.slots
        }
        for slot in slots {
            switch slot {
            case .ready(let connection):
                await connection.close()
            case .connecting(let task):
                task.cancel()
                if let connection = try? await task.value { await connection.close() }
            case .empty:
                break
            }
        }
    }
}
