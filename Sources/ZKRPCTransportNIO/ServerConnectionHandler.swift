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
///
/// Backpressure: the handler stops cutting frames, and holds the pipeline's reads, while the channel is not writable
/// (its queued outbound bytes passed the high water mark) or while the calls in flight plus the answers not yet
/// handed to the socket reach `maximumCalls`; so a peer that sends without reading is soon no longer read, and what
/// the server queues for it stays bounded. Every call has a token of its own: a late completion or deadline of a
/// cancelled call never touches a later call that reuses its request id. With an idle timeout, a connection that
/// brings no whole frame and has no call in flight for that long is closed (a frame that never completes is no
/// activity).
final class ServerConnectionHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private struct InFlight {
        /// Tells this call from a later one with the same request id.
        var token: UInt64
        var task: Task<Void, Never>
        var timer: Scheduled<Void>?
    }

    private let router: RPCMethodRouter
    private let maximumCalls: Int
    /// The largest answer payload sent: the frame limit less room for the frame's own fields. A peer with the same
    /// limit can read every answer, and no answer can reach the 4 GiB the frame's length field holds.
    private let maximumAnswerBytes: Int
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
    /// The token of the next call.
    private var nextToken: UInt64 = 0
    /// Answers encoded or written but not yet handed to the socket; they count against `maximumCalls` with the calls
    /// in flight.
    private var unsentAnswers = 0
    /// Answers encoded into `outbound` since it was last written.
    private var answersInOutbound = 0
    /// Whether the channel accepts writes without queueing past its high water mark.
    private var writable = true
    /// Whether frames are not being cut (the peer's input is held) until the backpressure ends.
    private var paused = false
    /// A read the pipeline asked for while paused; issued once the pause ends.
    private var readHeld = false
    private let idleTimeout: TimeAmount?
    private var idleTimer: Scheduled<Void>?
    /// Whole frames or completed writes since the idle timer last looked.
    private var activity = 0

    /// - Parameters:
    ///   - maximumCalls: calls in flight plus answers not yet handed to the socket, before reading pauses (a
    ///     request arriving in the same read when all are taken gets RESOURCE_EXHAUSTED).
    ///   - idleTimeout: how long a connection may bring no whole frame while no call is in flight; nil for ever.
    init(
        router: RPCMethodRouter,
        maximumCalls: Int,
        maximumFrameBytes: Int,
        idleTimeout: TimeAmount? = nil,
        logger: Logger,
        metrics: ServerMetrics
    ) {
        self.accumulator = FrameAccumulator(maximumFrameBytes: maximumFrameBytes)
        self.maximumAnswerBytes = max(0, min(maximumFrameBytes, Int(UInt32.max)) - Self.frameOverheadBytes)
        self.router = router
        self.maximumCalls = maximumCalls
        self.idleTimeout = idleTimeout
        self.logger = logger
        self.metrics = metrics
    }

    func channelActive(context: ChannelHandlerContext) {
        peer = context.remoteAddress?.description ?? "unknown"
        logger[metadataKey: "rpc.peer"] = "\(peer)"
        writable = context.channel.isWritable
        scheduleIdleCheck(context: context)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !failed else { return }
        let bytes = unwrapInboundIn(data)
        if paused {
            accumulator.hold(bytes)
            return
        }
        do {
            try accumulator.read(bytes) { frame in
                process(frame, context: context)
            }
        } catch {
            fail(error, context: context)
        }
    }

    /// Handles one frame; false when no more frames may be cut for now (backpressure or a closed connection).
    private func process(_ frame: Frame, context: ChannelHandlerContext) -> Bool {
        activity &+= 1
        handleFrame(frame, context: context)
        if failed { return false }
        // Hand large batches to the channel now, so its water marks see them.
        if outbound.readableBytes >= Self.outboundWriteBytes { writeOutbound(context: context) }
        if mustPause {
            paused = true
            return false
        }
        return true
    }

    /// Whether the peer must not be read for now.
    private var mustPause: Bool {
        !writable || inFlight.count + unsentAnswers >= maximumCalls
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
        case .response, .error, .pong:
            logger.debug("ignoring frame", metadata: ["rpc.frame_kind": "\(frame.kind)"])
        default:
            rejectKind(frame, context: context)
        }
    }

    /// Answers a frame of kind UNSPECIFIED (an empty frame, for one) or of a kind this server does not know: ERROR
    /// INVALID_ARGUMENT or UNIMPLEMENTED with its request id; with request id 0 the error is connection-level, and
    /// the connection closes after it.
    private func rejectKind(_ frame: Frame, context: ChannelHandlerContext) {
        let error =
            frame.kind == .unspecified
            ? RPCError(code: .invalidArgument, message: "frame without a kind")
            : RPCError(code: .unimplemented, message: "unknown frame kind \(frame.kind.rawValue)")
        send(FrameBuilder.error(id: frame.requestID, error), context: context)
        guard frame.requestID == 0 else { return }
        logger.warning("closing connection", metadata: ["rpc.reason": "\(error.message)"])
        failed = true
        flushOutbound(context: context)
        context.close(promise: nil)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        flushOutbound(context: context)
        context.fireChannelReadComplete()
    }

    func read(context: ChannelHandlerContext) {
        if paused {
            readHeld = true
            return
        }
        context.read()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        writable = context.channel.isWritable
        if writable { resumeIfPossible(context: context) }
        context.fireChannelWritabilityChanged()
    }

    /// Ends a pause once nothing holds it: cuts the frames held meanwhile, then issues the read held, if any.
    private func resumeIfPossible(context: ChannelHandlerContext) {
        guard paused, !failed, !mustPause, context.channel.isActive else { return }
        paused = false
        do {
            try accumulator.resume { frame in
                process(frame, context: context)
            }
        } catch {
            fail(error, context: context)
            return
        }
        flushOutbound(context: context)
        if !paused && readHeld {
            readHeld = false
            context.read()
        }
    }

    /// Called when `count` answers were handed to the socket (or the connection failed).
    private func answersSent(_ count: Int, context: ChannelHandlerContext) {
        unsentAnswers -= count
        activity &+= 1
        resumeIfPossible(context: context)
    }

    private func scheduleIdleCheck(context: ChannelHandlerContext) {
        guard let idleTimeout else { return }
        let bound = NIOLoopBound((handler: self, context: context), eventLoop: context.eventLoop)
        idleTimer = context.eventLoop.scheduleTask(in: idleTimeout) {
            bound.value.handler.checkIdle(context: bound.value.context)
        }
    }

    /// Closes the connection if it brought no whole frame, completed no write and had no call in flight since the
    /// last check; otherwise looks again one timeout later.
    private func checkIdle(context: ChannelHandlerContext) {
        guard context.channel.isActive else { return }
        if activity == 0 && inFlight.isEmpty {
            logger.info("closing idle connection")
            metrics.idleClosed.increment()
            failed = true
            flushOutbound(context: context)
            context.close(promise: nil)
            return
        }
        activity = 0
        scheduleIdleCheck(context: context)
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
        let answers = answersInOutbound
        answersInOutbound = 0
        context.write(wrapOutboundOut(outbound), promise: sentPromise(answers: answers, context: context))
        outbound = context.channel.allocator.buffer(capacity: 0)
        unflushed = true
    }

    /// Writes `buffer`, which completes `answers` answers, after the frames encoded so far.
    private func write(_ buffer: ByteBuffer, answers: Int, context: ChannelHandlerContext) {
        writeOutbound(context: context)
        unsentAnswers += answers
        context.write(wrapOutboundOut(buffer), promise: sentPromise(answers: answers, context: context))
        unflushed = true
    }

    /// A promise that reports `answers` answers sent once its write completes; nil when there are none.
    private func sentPromise(answers: Int, context: ChannelHandlerContext) -> EventLoopPromise<Void>? {
        guard answers > 0 else { return nil }
        let promise = context.eventLoop.makePromise(of: Void.self)
        let bound = NIOLoopBound((handler: self, context: context), eventLoop: context.eventLoop)
        promise.futureResult.whenComplete { _ in
            bound.value.handler.answersSent(answers, context: bound.value.context)
        }
        return promise
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
        if let trace = metadata[Metadata.traceID] {
            asyncContext.logger[metadataKey: "rpc.trace_id"] = "\(Metadata.loggable(trace))"
        }
        let eventLoop = context.eventLoop
        let bound = NIOLoopBound((handler: self, context: context), eventLoop: eventLoop)
        let payload = frame.payload
        let finalContext = asyncContext
        let token = nextToken
        nextToken &+= 1
        let task = Task {
            let result = await handler.handle(payload, context: finalContext)
            eventLoop.execute {
                bound.value.handler.complete(id: id, token: token, result: result, context: bound.value.context)
            }
        }
        var call = InFlight(token: token, task: task, timer: nil)
        if frame.deadlineMs > 0 {
            call.timer = eventLoop.scheduleTask(in: .milliseconds(Int64(frame.deadlineMs))) {
                bound.value.handler.expire(id: id, token: token, context: bound.value.context)
            }
        }
        inFlight[id] = call
    }

    /// Removes the call `id` if it is still the one `token` names (not cancelled or expired, its id not reused).
    private func removeCall(id: UInt64, token: UInt64) -> InFlight? {
        guard let call = inFlight[id], call.token == token else { return nil }
        inFlight[id] = nil
        return call
    }

    private func complete(id: UInt64, token: UInt64, result: Result<[UInt8], RPCError>, context: ChannelHandlerContext) {
        guard let call = removeCall(id: id, token: token) else { return }  // cancelled or expired already
        call.timer?.cancel()
        switch result {
        case .success(let payload): send(FrameBuilder.response(id: id, payload: payload), context: context)
        case .failure(let error): send(FrameBuilder.error(id: id, error), context: context)
        }
        flushOutbound(context: context)
        closeIfDrained(context: context)
        resumeIfPossible(context: context)
    }

    private func expire(id: UInt64, token: UInt64, context: ChannelHandlerContext) {
        guard let call = removeCall(id: id, token: token) else { return }
        call.task.cancel()
        let error = RPCError(code: .deadlineExceeded, message: "the call's deadline passed")
        send(FrameBuilder.error(id: id, error), context: context)
        flushOutbound(context: context)
        closeIfDrained(context: context)
        resumeIfPossible(context: context)
    }

    /// Sends one answer (every frame the server sends answers one frame of the peer).
    private func send(_ frame: Frame, context: ChannelHandlerContext) {
        if frame.payload.count > maximumAnswerBytes {
            send(Self.tooLarge(id: frame.requestID, bytes: frame.payload.count), context: context)
            return
        }
        if frame.kind == .error { metrics.errors.increment() }
        guard frame.payload.count >= Self.largeFrameBytes else {
            FrameEncoder.encode(frame, into: &outbound)
            unsentAnswers += 1
            answersInOutbound += 1
            return
        }
        // Its own buffer of the right size: appending it to `outbound` would regrow (and copy) that buffer.
        var buffer = context.channel.allocator.buffer(capacity: frame.payload.count + 64)
        FrameEncoder.encode(frame, into: &buffer)
        write(buffer, answers: 1, context: context)
    }

    /// Sends a response whose payload is `parts`: the head and tail are encoded, the shared bytes are written as the
    /// connection's `ByteBuffer` form of them, made once per ``SharedBytes`` and then reused without copying.
    private func send(_ parts: ResponseParts, id: UInt64, context: ChannelHandlerContext) {
        if parts.count > maximumAnswerBytes {
            send(Self.tooLarge(id: id, bytes: parts.count), context: context)
            return
        }
        FrameEncoder.encodeHead(requestID: id, kind: .response, payloadCount: parts.count, into: &outbound)
        outbound.writeBytes(parts.head)
        let shared = parts.shared.adopt { storage in
            storage.withUnsafeBytes { SharedByteBuffer(buffer: ByteBuffer(bytes: $0)) }
        }
        write(shared.buffer, answers: 1, context: context)
        outbound.writeBytes(parts.tail)
    }

    /// Room left in a frame for its fields other than the payload (request id, kind, the payload's tag and length).
    static let frameOverheadBytes = 64

    /// The error sent instead of an answer larger than the frame limit.
    static func tooLarge(id: UInt64, bytes: Int) -> Frame {
        FrameBuilder.error(
            id: id,
            RPCError(code: .resourceExhausted, message: "the answer of \(bytes) bytes exceeds the frame limit")
        )
    }

    /// Payloads from this size on are encoded into a buffer of their own.
    private static let largeFrameBytes = 16 * 1024
    /// Encoded frames are handed to the channel, without a flush, once this many bytes are waiting.
    private static let outboundWriteBytes = 64 * 1024

    /// Answers not yet handed to the socket (for tests).
    var unsentAnswerCount: Int { unsentAnswers }
    /// Whether the peer's input is held (for tests).
    var isPaused: Bool { paused }

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
        idleTimer?.cancel()
        idleTimer = nil
        for call in inFlight.values {
            call.task.cancel()
            call.timer?.cancel()
        }
        inFlight.removeAll()
        context.fireChannelInactive()
    }
}
