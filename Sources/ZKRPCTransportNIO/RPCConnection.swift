public import NIOCore
public import NIOPosix
import Synchronization
public import ZKProto
public import ZKRPC
import ZKWire

/// One multiplexed client connection: many calls in flight, answered in any order, matched by request id.
public final class RPCConnection: Sendable {
    private let channel: any Channel
    private let nextID = Atomic<UInt64>(1)

    private init(channel: any Channel) {
        self.channel = channel
    }

    /// Connects to a server.
    ///
    /// - Throws: ``RPCError`` UNAVAILABLE when the connection cannot be made.
    public static func connect(
        host: String,
        port: Int,
        maximumFrameBytes: Int = RPCServerConfiguration.defaultMaximumFrameBytes,
        connectTimeout: Duration = .seconds(5),
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> RPCConnection {
        do {
            let channel = try await ClientBootstrap(group: group)
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .connectTimeout(.milliseconds(connectTimeout.milliseconds))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let sync = channel.pipeline.syncOperations
                        try sync.addHandler(
                            ByteToMessageHandler(
                                FrameDecoder(maximumFrameBytes: maximumFrameBytes),
                                maximumBufferSize: maximumFrameBytes + FrameDecoder.headerBytes
                            )
                        )
                        try sync.addHandler(MessageToByteHandler(FrameEncoder()))
                        try sync.addHandler(ClientConnectionHandler())
                    }
                }
                .connect(host: host, port: port)
                .get()
            return RPCConnection(channel: channel)
        } catch {
            throw RPCError(code: .unavailable, message: "cannot connect to \(host):\(port): \(error)")
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
        let promise = channel.eventLoop.makePromise(of: [UInt8].self)
        let channel = self.channel
        return try await withTaskCancellationHandler {
            channel.writeAndFlush(ClientCommand.call(frame: frame, promise: promise)).whenFailure { error in
                promise.fail(RPCError(code: .unavailable, message: "connection closed: \(error)"))
            }
            return try await promise.futureResult.get()
        } onCancel: {
            channel.writeAndFlush(ClientCommand.cancel(id: id), promise: nil)
        }
    }

    /// Makes one typed call.
    public func call<Request, Response>(
        _ method: MethodDescriptor<Request, Response>,
        _ request: Request,
        metadata: Metadata = Metadata(),
        timeout: Duration? = nil
    ) async throws -> Response {
        let bytes = try await call(
            method: method.fullName,
            payload: request.serializedBytes(),
            metadata: metadata,
            timeout: timeout
        )
        do {
            return try Response(serializedBytes: bytes)
        } catch {
            throw RPCError(code: .internalError, message: "malformed response from the server: \(error)")
        }
    }

    /// Sends a PING and waits for its PONG; returns the round-trip time.
    public func ping(timeout: Duration = .seconds(5)) async throws -> Duration {
        let id = nextID.wrappingAdd(1, ordering: .relaxed).oldValue
        let promise = channel.eventLoop.makePromise(of: Void.self)
        let start = ContinuousClock.now
        let timer = channel.eventLoop.scheduleTask(in: .milliseconds(timeout.milliseconds)) {
            promise.fail(RPCError(code: .deadlineExceeded, message: "no PONG within \(timeout)"))
        }
        channel.writeAndFlush(ClientCommand.ping(id: id, promise: promise), promise: nil)
        try await promise.futureResult.get()
        timer.cancel()
        return ContinuousClock.now - start
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
