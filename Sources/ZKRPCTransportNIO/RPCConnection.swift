public import NIOCore
public import NIOPosix
import Synchronization
public import ZKProto
public import ZKRPC

/// One multiplexed client connection: many calls in flight, answered in any order, matched by request id.
public final class RPCConnection: Sendable {
    private let channel: any Channel
    private let handler: NIOLoopBound<ClientConnectionHandler>
    private let outbox = ClientOutbox()
    private let nextID = Atomic<UInt64>(1)

    /// An executor on this connection's event loop.
    ///
    /// Tasks that make many calls on this connection can prefer it
    /// (`group.addTask(executorPreference: connection.taskExecutor) { … }`) to run on the connection's loop: a call
    /// then costs no thread hop in either direction, and calls made in the same loop tick share one `write`.
    /// Such tasks must not block.
    public let taskExecutor: EventLoopTaskExecutor

    private init(channel: any Channel, handler: NIOLoopBound<ClientConnectionHandler>) {
        self.channel = channel
        self.handler = handler
        self.taskExecutor = EventLoopTaskExecutor(eventLoop: channel.eventLoop)
    }

    /// Connects to a server.
    ///
    /// Cancelling the calling task abandons a connection attempt still under way (its socket is closed).
    ///
    /// - Throws: ``RPCError`` UNAVAILABLE when the connection cannot be made or the attempt was cancelled.
    public static func connect(
        host: String,
        port: Int,
        maximumFrameBytes: Int = RPCServerConfiguration.defaultMaximumFrameBytes,
        connectTimeout: Duration = .seconds(5),
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> RPCConnection {
        // The channel being connected, so a cancellation can close it before the connection completes.
        let attempt = Mutex<(channel: (any Channel)?, cancelled: Bool)>((nil, false))
        do {
            let channel = try await withTaskCancellationHandler {
                try await ClientBootstrap(group: group)
                    .channelOption(.socketOption(.tcp_nodelay), value: 1)
                    // Reads grow up to 1 MiB while responses are large (programs, proofs), so a large frame mostly
                    // arrives in one buffer and is sliced out of it rather than copied together from 64 KiB pieces.
                    .channelOption(
                        .recvAllocator,
                        value: AdaptiveRecvByteBufferAllocator(minimum: 1024, initial: 16 * 1024, maximum: 1 << 20)
                    )
                    .connectTimeout(.milliseconds(connectTimeout.milliseconds))
                    .channelInitializer { channel in
                        let cancelled = attempt.withLock { attempt in
                            attempt.channel = channel
                            return attempt.cancelled
                        }
                        guard !cancelled else { return channel.eventLoop.makeFailedFuture(CancellationError()) }
                        return channel.eventLoop.makeCompletedFuture {
                            try channel.pipeline.syncOperations.addHandler(
                                ClientConnectionHandler(maximumFrameBytes: maximumFrameBytes)
                            )
                        }
                    }
                    .connect(host: host, port: port)
                    .get()
            } onCancel: {
                let channel = attempt.withLock { attempt in
                    attempt.cancelled = true
                    return attempt.channel
                }
                channel?.close(promise: nil)
            }
            if Task.isCancelled {
                try? await channel.close()
                throw CancellationError()
            }
            let handler = try await channel.eventLoop.submit {
                NIOLoopBound(
                    try channel.pipeline.syncOperations.handler(type: ClientConnectionHandler.self),
                    eventLoop: channel.eventLoop
                )
            }.get()
            return RPCConnection(channel: channel, handler: handler)
        } catch {
            throw RPCError(code: .unavailable, message: "cannot connect to \(host):\(port): \(error)")
        }
    }

    /// Queues `command` for the event loop; the first command of a batch schedules the drain.
    private func submit(_ command: ClientCommand) {
        guard outbox.submit(command) else { return }
        let handler = self.handler
        let outbox = self.outbox
        channel.eventLoop.execute {
            handler.value.drain(outbox)
        }
    }

    /// Whether the connection is still open.
    public var isActive: Bool { channel.isActive }

    /// Makes one call with an encoded request and returns the encoded response.
    ///
    /// Cancelling the calling task sends a CANCEL frame. With a `timeout`, the server gets it as the call's relative
    /// deadline and the client stops waiting shortly after it.
    ///
    /// - Throws: ``RPCError`` — the server's error, DEADLINE_EXCEEDED, CANCELLED or UNAVAILABLE.
    public func call(
        method: String,
        payload: [UInt8],
        metadata: Metadata = Metadata(),
        timeout: Duration? = nil
    ) async throws -> [UInt8] {
        try await callPayload(method: method, payload: payload, metadata: metadata, timeout: timeout).array
    }

    /// As ``call(method:payload:metadata:timeout:)``, but the encoded response is handed over as received instead of
    /// being copied into an array: a large answer (from 16 KiB) is a slice of the bytes read from the socket, which
    /// it keeps alive. Decode what you need from it (``SharedBytes/withUnsafeBytes(_:)``, ``SharedBytes/slice(_:)``).
    ///
    /// - Throws: ``RPCError``, as ``call(method:payload:metadata:timeout:)``.
    public func callShared(
        method: String,
        payload: [UInt8],
        metadata: Metadata = Metadata(),
        timeout: Duration? = nil
    ) async throws -> SharedBytes {
        try await callPayload(method: method, payload: payload, metadata: metadata, timeout: timeout).shared
    }

    /// As ``call(method:payload:metadata:timeout:)``, answering the payload as received.
    @usableFromInline
    func callPayload(
        method: String,
        payload: [UInt8],
        metadata: Metadata,
        timeout: Duration?
    ) async throws -> ResponsePayload {
        let id = nextID.wrappingAdd(1, ordering: .relaxed).oldValue
        var deadlineMs: UInt32 = 0
        if let timeout {
            deadlineMs = UInt32(clamping: max(1, timeout.milliseconds))
        }
        let frame = Frame(
            requestID: id,
            kind: .request,
            method: method,
            deadlineMs: deadlineMs,
            metadata: metadata.map { MetadataEntry(key: $0.key, value: $0.value) },
            payload: payload
        )
        return try await withTaskCancellationHandler {
            try await withUnsafeThrowingContinuation { continuation in
                submit(.call(frame: frame, continuation: continuation))
            }
        } onCancel: {
            submit(.cancel(id: id))
        }
    }

    /// Makes one typed call.
    @inlinable
    public func call<Request, Response>(
        _ method: MethodDescriptor<Request, Response>,
        _ request: Request,
        metadata: Metadata = Metadata(),
        timeout: Duration? = nil
    ) async throws -> Response {
        let payload = try await callPayload(
            method: method.fullName,
            payload: request.serializedBytes(),
            metadata: metadata,
            timeout: timeout
        )
        do {
            return try payload.withUnsafeBytes { bytes in try Response(serializedBytes: bytes) }
        } catch {
            throw RPCError(code: .internalError, message: "malformed response from the server: \(error)")
        }
    }

    /// Sends a PING and waits for its PONG; returns the round-trip time.
    ///
    /// - Throws: ``RPCError`` DEADLINE_EXCEEDED when no PONG came within `timeout` (the PING is then forgotten), or
    ///   the connection's error when it closes first.
    public func ping(timeout: Duration = .seconds(5)) async throws -> Duration {
        let id = nextID.wrappingAdd(1, ordering: .relaxed).oldValue
        let promise = channel.eventLoop.makePromise(of: Void.self)
        let start = ContinuousClock.now
        submit(.ping(id: id, promise: promise, timeout: .milliseconds(timeout.milliseconds)))
        try await promise.futureResult.get()
        return ContinuousClock.now - start
    }

    /// How many PINGs wait for their PONG (for tests).
    func pendingPingCount() async throws -> Int {
        let handler = self.handler
        return try await channel.eventLoop.submit { handler.value.pendingPingCount }.get()
    }

    /// Closes the connection; calls in flight fail with UNAVAILABLE.
    public func close() async {
        try? await channel.close()
    }
}

extension Duration {
    /// Whole milliseconds, rounded up, saturating.
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        let ms = seconds.multipliedReportingOverflow(by: 1000)
        if ms.overflow { return seconds < 0 ? 0 : Int64.max }
        return ms.partialValue + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
    }
}
