import Logging
import NIOCore
import ZKProto
import ZKRPC
import ZKWire

/// Serves the calls of one connection: dispatch by method, fast path on the event loop, async path in tasks,
/// cancel frames, deadlines, ping, and draining on shutdown. Loop-bound: every member is touched on its loop.
final class ServerConnectionHandler: ChannelDuplexHandler {
    typealias InboundIn = Frame
    typealias OutboundIn = Frame
    typealias OutboundOut = Frame

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

    init(router: RPCMethodRouter, maximumCalls: Int, logger: Logger, metrics: ServerMetrics) {
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
        let frame = unwrapInboundIn(data)
        switch frame.kind {
        case .request:
            handleRequest(frame, context: context)
        case .cancel:
            if let call = inFlight.removeValue(forKey: frame.requestID) {
                call.task.cancel()
                call.timer?.cancel()
                send(FrameBuilder.error(id: frame.requestID, RPCError(code: .cancelled, message: "cancelled by the client")), context: context)
                closeIfDrained(context: context)
            }
        case .ping:
            send(Frame(requestID: frame.requestID, kind: .pong), context: context)
        default:
            logger.debug("ignoring frame", metadata: ["rpc.frame_kind": "\(frame.kind)"])
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        context.flush()
        context.fireChannelReadComplete()
    }

    private func handleRequest(_ frame: Frame, context: ChannelHandlerContext) {
        let id = frame.requestID
        metrics.requests.increment()
        if draining {
            send(FrameBuilder.error(id: id, RPCError(code: .unavailable, message: "server is shutting down")), context: context)
            return
        }
        guard let handler = router[frame.method] else {
            send(FrameBuilder.error(id: id, RPCError(code: .unimplemented, message: "unknown method '\(frame.method)'")), context: context)
            return
        }
        guard inFlight[id] == nil else {
            send(FrameBuilder.error(id: id, RPCError(code: .invalidArgument, message: "request id \(id) is already in flight")), context: context)
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
        case .success(let payload): context.write(wrapOutboundOut(FrameBuilder.response(id: id, payload: payload)), promise: nil)
        case .failure(let error):
            metrics.errors.increment()
            context.write(wrapOutboundOut(FrameBuilder.error(id: id, error)), promise: nil)
        }
        context.flush()
        closeIfDrained(context: context)
    }

    private func expire(id: UInt64, context: ChannelHandlerContext) {
        guard let call = inFlight.removeValue(forKey: id) else { return }
        call.task.cancel()
        send(FrameBuilder.error(id: id, RPCError(code: .deadlineExceeded, message: "the call's deadline passed")), context: context)
        context.flush()
        closeIfDrained(context: context)
    }

    private func send(_ frame: Frame, context: ChannelHandlerContext) {
        if frame.kind == .error { metrics.errors.increment() }
        context.write(wrapOutboundOut(frame), promise: nil)
    }

    private func closeIfDrained(context: ChannelHandlerContext) {
        if draining && inFlight.isEmpty {
            context.flush()
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
        if let wire = error as? WireError, wire.code == .frameTooLarge {
            logger.warning("closing connection: oversized frame", metadata: ["rpc.reason": "\(wire.message)"])
            context.writeAndFlush(
                wrapOutboundOut(FrameBuilder.error(id: 0, RPCError(code: .resourceExhausted, message: wire.message))),
                promise: nil
            )
        } else {
            logger.warning("closing connection", metadata: ["rpc.reason": "\(error)"])
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
