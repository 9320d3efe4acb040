import NIOCore
import ZKProto
import ZKRPC
import ZKWire

/// Matches responses to calls by request id on one client connection, and enforces deadlines. Loop-bound.
final class ClientConnectionHandler: ChannelDuplexHandler {
    typealias InboundIn = Frame
    typealias OutboundIn = ClientCommand
    typealias OutboundOut = Frame

    private struct Pending {
        var promise: EventLoopPromise<[UInt8]>
        var timer: Scheduled<Void>?
    }

    private var pending: [UInt64: Pending] = [:]
    private var pings: [UInt64: EventLoopPromise<Void>] = [:]
    /// Why the connection ended, once it did.
    private var closeReason: RPCError?

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .call(let frame, let callPromise):
            if let reason = closeReason {
                callPromise.fail(reason)
                promise?.succeed(())
                return
            }
            var entry = Pending(promise: callPromise, timer: nil)
            if frame.deadlineMs > 0 {
                let id = frame.requestID
                let bound = NIOLoopBound((handler: self, context: context), eventLoop: context.eventLoop)
                // Give the server's own DEADLINE_EXCEEDED a moment to arrive; fail locally if it does not.
                entry.timer = context.eventLoop.scheduleTask(in: .milliseconds(Int64(frame.deadlineMs) + 50)) {
                    bound.value.handler.expire(id: id, context: bound.value.context)
                }
            }
            pending[frame.requestID] = entry
            context.write(wrapOutboundOut(frame), promise: promise)
        case .cancel(let id):
            if let entry = pending.removeValue(forKey: id) {
                entry.timer?.cancel()
                entry.promise.fail(RPCError(code: .cancelled, message: "the call was cancelled"))
                context.write(wrapOutboundOut(Frame(requestID: id, kind: .cancel)), promise: promise)
            } else {
                promise?.succeed(())
            }
        case .ping(let id, let pingPromise):
            pings[id] = pingPromise
            context.write(wrapOutboundOut(Frame(requestID: id, kind: .ping)), promise: promise)
        }
    }

    private func expire(id: UInt64, context: ChannelHandlerContext) {
        guard let entry = pending.removeValue(forKey: id) else { return }
        entry.promise.fail(RPCError(code: .deadlineExceeded, message: "the call's deadline passed"))
        context.writeAndFlush(wrapOutboundOut(Frame(requestID: id, kind: .cancel)), promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        switch frame.kind {
        case .response:
            if let entry = pending.removeValue(forKey: frame.requestID) {
                entry.timer?.cancel()
                entry.promise.succeed(frame.payload)
            }
        case .error:
            let error = FrameBuilder.rpcError(from: frame)
            if frame.requestID == 0 {
                closeReason = error  // connection-level: the server closes next
            } else if let entry = pending.removeValue(forKey: frame.requestID) {
                entry.timer?.cancel()
                entry.promise.fail(error)
            }
        case .pong:
            pings.removeValue(forKey: frame.requestID)?.succeed(())
        case .ping:
            context.writeAndFlush(wrapOutboundOut(Frame(requestID: frame.requestID, kind: .pong)), promise: nil)
        default:
            break
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if closeReason == nil {
            closeReason = RPCError(code: .unavailable, message: "connection failed: \(error)")
        }
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        let reason = closeReason ?? RPCError(code: .unavailable, message: "connection closed")
        closeReason = reason
        for entry in pending.values {
            entry.timer?.cancel()
            entry.promise.fail(reason)
        }
        pending.removeAll()
        for promise in pings.values { promise.fail(reason) }
        pings.removeAll()
        context.fireChannelInactive()
    }
}
