import Logging
import NIOCore
import ZKProto
import ZKRPC
import ZKWire

/// Serves the calls of one connection: dispatch by method, fast path on the event loop, async path in tasks,
/// cancel frames, deadlines, ping, and draining on shutdown. Loop-bound: every member is touched on its loop.
///
/// It cuts the frames out of the bytes read itself (``FrameAccumulator``). Small frames it sends are encoded straight
/// into one outbound buffer; a large frame gets a buffer of its own (no regrowing copies), and a response made of
/// ``ResponseParts`` is written as head, shared buffer and tail, so cached bytes are never copied in user space.
/// Everything is flushed once per read burst (`channelReadComplete`) or once per completion of an asynchronous call;
/// NIO gathers the buffers into one `writev`.
final class ServerConnectionHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private struct InFlight {
        var task: Task<Void, Never>
        var timer: Scheduled<Void>?
    }

    private let router: RPCMethodRouter
    private let maximumCalls: Int
    private var logger: Logger
    private let metrics: ServerMetrics
    private var inFlight: [UInt64: InFlight] = [:]
    private var draining = false
    private var peer = "unknown"
    /// Frames encoded but not yet written.
    private var outbound = ByteBuffer()
    /// Whether buffers were written since the last flush.
    private var unflushed = false
    /// The last method looked up and its handler: consecutive calls of one method skip the dictionary.
    private var lastMethod: (name: String, handler: RPCMethodHandler)?
    private var accumulator: FrameAccumulator
    /// Set once the input broke the protocol; later bytes are ignored.
    private var failed = false

    init(router: RPCMethodRouter, maximumCalls: Int, maximumFrameBytes: Int, logger: Logger, metrics: ServerMetrics) {
        self.accumulator = FrameAccumulator(maximumFrameBytes: maximumFrameBytes)
        self.router = router
        self.maximumCalls = maximumCalls
        self.logger = logger
        self.metrics = metrics
    }

    func channelActive(context: ChannelHandlerContext) {
        peer = context.remoteAddress?.description ?? "unknown"
        logger[metadataKey: "rpc.peer"] = "\(peer)"
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !failed else { return }
        do {
            try accumulator.read(unwrapInboundIn(data)) { frame in
                handleFrame(frame, context: context)
            }
        } catch {
            fail(error, context: context)
        }
    }

    private func handleFrame(_ frame: Frame, context: ChannelHandlerContext) {
        switch frame.kind {
        case .request:
            handleRequest(frame, context: context)
        case .cancel:
            if let call = inFlight.removeValue(forKey: frame.requestID) {
                call.task.cancel()
                call.timer?.cancel()
                let error = RPCError(code: .cancelled, message: "cancelled by the client")
                send(FrameBuilder.error(id: frame.requestID, error), context: context)
                closeIfDrained(context: context)
            }
        case .ping:
            send(Frame(requestID: frame.requestID, kind: .pong), context: context)
        default:
            logger.debug("ignoring frame", metadata: ["rpc.frame_kind": "\(frame.kind)"])
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        flushOutbound(context: context)
        context.fireChannelReadComplete()
    }

    /// Writes and flushes the frames encoded so far, if any.
    private func flushOutbound(context: ChannelHandlerContext) {
        writeOutbound(context: context)
        guard unflushed else { return }
        unflushed = false
        context.flush()
    }

    /// Writes (without flushing) the frames encoded so far, if any.
    private func writeOutbound(context: ChannelHandlerContext) {
        guard outbound.readableBytes > 0 else { return }
        context.write(wrapOutboundOut(outbound), promise: nil)
        outbound = context.channel.allocator.buffer(capacity: 0)
        unflushed = true
    }

    /// Writes `buffer` after the frames encoded so far.
    private func write(_ buffer: ByteBuffer, context: ChannelHandlerContext) {
        writeOutbound(context: context)
        context.write(wrapOutboundOut(buffer), promise: nil)
        unflushed = true
    }

    /// The handler of `method`, if the server has one.
    private func handler(for method: String) -> RPCMethodHandler? {
        if let last = lastMethod, last.name == method { return last.handler }
        guard let handler = router[method] else { return nil }
        lastMethod = (method, handler)
        return handler
    }

    private func handleRequest(_ frame: Frame, context: ChannelHandlerContext) {
        let id = frame.requestID
        metrics.requests.increment()
        if draining {
            let error = RPCError(code: .unavailable, message: "server is shutting down")
            send(FrameBuilder.error(id: id, error), context: context)
            return
        }
        guard let handler = handler(for: frame.method) else {
            let error = RPCError(code: .unimplemented, message: "unknown method '\(frame.method)'")
            send(FrameBuilder.error(id: id, error), context: context)
            return
        }
        guard inFlight[id] == nil else {
            let error = RPCError(code: .invalidArgument, message: "request id \(id) is already in flight")
            send(FrameBuilder.error(id: id, error), context: context)
            return
        }
        guard inFlight.count < maximumCalls else {
            send(
                FrameBuilder.error(
                    id: id,
                    RPCError(
                        code: .resourceExhausted,
                        message: "more than \(maximumCalls) calls in flight on this connection",
                        details: [RPCError.retryAfterKey: "10"]
                    )
                ),
                context: context
            )
            return
        }
        var metadata = Metadata()
        for entry in frame.metadata { metadata.add(entry.key, entry.value) }
        let deadline: ContinuousClock.Instant? =
            frame.deadlineMs > 0 ? .now + .milliseconds(Int64(frame.deadlineMs)) : nil
        let serverContext = ServerContext(
            method: frame.method,
            requestID: id,
            metadata: metadata,
            deadline: deadline,
            peer: peer,
            logger: logger
        )
        switch handler.handleFast(frame.payload, context: serverContext) {
        case .response(let payload):
            send(FrameBuilder.response(id: id, payload: payload), context: context)
            return
        case .responseParts(let parts):
            send(parts, id: id, context: context)
            return
        case .failure(let error):
            send(FrameBuilder.error(id: id, error), context: context)
            return
        case .deferToAsync:
            break
        }
        var asyncContext = serverContext
        asyncContext.logger[metadataKey: "rpc.method"] = "\(frame.method)"
        asyncContext.logger[metadataKey: "rpc.request_id"] = "\(id)"
        if let trace = metadata[Metadata.traceID] { asyncContext.logger[metadataKey: "rpc.trace_id"] = "\(trace)" }
        let eventLoop = context.eventLoop
        let bound = NIOLoopBound((handler: self, context: context), eventLoop: eventLoop)
        let payload = frame.payload
        let finalContext = asyncContext
        let task = Task {
            let result = await handler.handle(payload, context: finalContext)
            eventLoop.execute {
                bound.value.handler.complete(id: id, result: result, context: bound.value.context)
            }
        }
        var call = InFlight(task: task, timer: nil)
        if frame.deadlineMs > 0 {
            call.timer = eventLoop.scheduleTask(in: .milliseconds(Int64(frame.deadlineMs))) {
                bound.value.handler.expire(id: id, context: bound.value.context)
            }
        }
        inFlight[id] = call
    }

    private func complete(id: UInt64, result: Result<[UInt8], RPCError>, context: ChannelHandlerContext) {
        guard let call = inFlight.removeValue(forKey: id) else { return }  // cancelled or expired already
        call.timer?.cancel()
        switch result {
        case .success(let payload): send(FrameBuilder.response(id: id, payload: payload), context: context)
        case .failure(let error): send(FrameBuilder.error(id: id, error), context: context)
        }
        flushOutbound(context: context)
        closeIfDrained(context: context)
    }

    private func expire(id: UInt64, context: ChannelHandlerContext) {
        guard let call = inFlight.removeValue(forKey: id) else { return }
        call.task.cancel()
        let error = RPCError(code: .deadlineExceeded, message: "the call's deadline passed")
        send(FrameBuilder.error(id: id, error), context: context)
        flushOutbound(context: context)
        closeIfDrained(context: context)
    }

    private func send(_ frame: Frame, context: ChannelHandlerContext) {
        if frame.kind == .error { metrics.errors.increment() }
        guard frame.payload.count >= Self.largeFrameBytes else {
            FrameEncoder.encode(frame, into: &outbound)
            return
        }
        // Its own buffer of the right size: appending it to `outbound` would regrow (and copy) that buffer.
        var buffer = context.channel.allocator.buffer(capacity: frame.payload.count + 64)
        FrameEncoder.encode(frame, into: &buffer)
        write(buffer, context: context)
    }

    /// Sends a response whose payload is `parts`: the head and tail are encoded, the shared bytes are written as the
    /// connection's `ByteBuffer` form of them, made once per ``SharedBytes`` and then reused without copying.
    private func send(_ parts: ResponseParts, id: UInt64, context: ChannelHandlerContext) {
        FrameEncoder.encodeHead(requestID: id, kind: .response, payloadCount: parts.count, into: &outbound)
        outbound.writeBytes(parts.head)
        let shared = parts.shared.adopt { storage in
            storage.withUnsafeBytes { SharedByteBuffer(buffer: ByteBuffer(bytes: $0)) }
        }
        write(shared.buffer, context: context)
        outbound.writeBytes(parts.tail)
    }

    /// Payloads from this size on are encoded into a buffer of their own.
    private static let largeFrameBytes = 16 * 1024

    private func closeIfDrained(context: ChannelHandlerContext) {
        if draining && inFlight.isEmpty {
            flushOutbound(context: context)
            context.close(promise: nil)
        }
    }

    func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
        if event is DrainEvent {
            draining = true
            closeIfDrained(context: context)
            promise?.succeed(())
        } else {
            context.triggerUserOutboundEvent(event, promise: promise)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(error, context: context)
    }

    /// Ends the connection after a protocol or I/O error; an oversized frame first gets RESOURCE_EXHAUSTED.
    private func fail(_ error: any Error, context: ChannelHandlerContext) {
        guard !failed else { return }
        failed = true
        if let wire = error as? WireError, wire.code == .frameTooLarge {
            logger.warning("closing connection: oversized frame", metadata: ["rpc.reason": "\(wire.message)"])
            send(FrameBuilder.error(id: 0, RPCError(code: .resourceExhausted, message: wire.message)), context: context)
            flushOutbound(context: context)
        } else {
            logger.warning("closing connection", metadata: ["rpc.reason": "\(error)"])
            flushOutbound(context: context)
        }
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        for call in inFlight.values {
            call.task.cancel()
            call.timer?.cancel()
        }
        inFlight.removeAll()
        context.fireChannelInactive()
    }
}
