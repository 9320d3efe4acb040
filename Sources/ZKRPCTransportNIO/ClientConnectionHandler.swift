import NIOCore
import ZKProto
import ZKRPC
import ZKWire

/// Matches responses to calls by request id on one client connection, and enforces deadlines. Loop-bound.
///
/// It cuts the frames out of the bytes read itself (``FrameAccumulator``); large response payloads are handed to the
/// caller as slices of the received bytes (``ResponsePayload``), not copied.
/// Outbound work arrives in batches from the connection's ``ClientOutbox`` (see ``drain(_:)``): every frame of a
/// batch is encoded into one buffer that is written and flushed once.
final class ClientConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private struct Pending {
        var continuation: UnsafeContinuation<ResponsePayload, any Error>
        var timer: Scheduled<Void>?
    }

    /// How many cancels of not-yet-sent calls are remembered (see ``earlyCancels``).
    private static let maximumEarlyCancels = 1024

    private var pending: [UInt64: Pending] = [:]
    private var pings: [UInt64: (promise: EventLoopPromise<Void>, timer: Scheduled<Void>)] = [:]
    /// Cancels that overtook their call in the outbox (the task was cancelled before the call was queued); the call
    /// fails with CANCELLED when it arrives. Bounded: a cancel that arrives after its call finished lands here too.
    private var earlyCancels: Set<UInt64> = []
    /// Why the connection ended, once it did.
    private var closeReason: RPCError?
    /// The handler's context while it is in the pipeline.
    private var context: ChannelHandlerContext?
    /// The batch being drained, kept to reuse its storage.
    private var batch: [ClientCommand] = []
    private var accumulator: FrameAccumulator
    /// Set once the input broke the protocol; later bytes are ignored.
    private var inputBroken = false

    init(maximumFrameBytes: Int) {
        self.accumulator = FrameAccumulator(maximumFrameBytes: maximumFrameBytes)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
        closeReason = closeReason ?? RPCError(code: .unavailable, message: "connection closed")
    }

    /// Runs every command queued in `outbox`; called on the loop.
    func drain(_ outbox: ClientOutbox) {
        outbox.take(into: &batch)
        guard let context, closeReason == nil else {
            let reason = closeReason ?? RPCError(code: .unavailable, message: "connection closed")
            for command in batch {
                switch command {
                case .call(_, let continuation): continuation.resume(throwing: reason)
                case .cancel: break
                case .ping(_, let promise, _): promise.fail(reason)
                }
            }
            batch.removeAll(keepingCapacity: true)
            return
        }
        var buffer = context.channel.allocator.buffer(capacity: 128 * batch.count)
        for command in batch {
            switch command {
            case .call(let frame, let continuation):
                let id = frame.requestID
                if !earlyCancels.isEmpty, earlyCancels.remove(id) != nil {
                    continuation.resume(throwing: RPCError(code: .cancelled, message: "the call was cancelled"))
                    continue
                }
                var entry = Pending(continuation: continuation, timer: nil)
                if frame.deadlineMs > 0 {
                    let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
                    // Give the server's own DEADLINE_EXCEEDED a moment to arrive; fail locally if it does not.
                    entry.timer = context.eventLoop.scheduleTask(in: .milliseconds(Int64(frame.deadlineMs) + 50)) {
                        bound.value.expire(id: id)
                    }
                }
                pending[id] = entry
                FrameEncoder.encode(frame, into: &buffer)
            case .cancel(let id):
                if let entry = pending.removeValue(forKey: id) {
                    entry.timer?.cancel()
                    entry.continuation.resume(throwing: RPCError(code: .cancelled, message: "the call was cancelled"))
                    FrameEncoder.encode(Frame(requestID: id, kind: .cancel), into: &buffer)
                } else {
                    if earlyCancels.count >= Self.maximumEarlyCancels { earlyCancels.removeAll() }
                    earlyCancels.insert(id)
                }
            case .ping(let id, let promise, let timeout):
                let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
                let timer = context.eventLoop.scheduleTask(in: timeout) {
                    bound.value.expirePing(id: id, timeout: timeout)
                }
                pings[id] = (promise, timer)
                FrameEncoder.encode(Frame(requestID: id, kind: .ping), into: &buffer)
            }
        }
        batch.removeAll(keepingCapacity: true)
        if buffer.readableBytes > 0 {
            context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
        }
    }

    private func expire(id: UInt64) {
        guard let entry = pending.removeValue(forKey: id) else { return }
        entry.continuation.resume(throwing: RPCError(code: .deadlineExceeded, message: "the call's deadline passed"))
        send(Frame(requestID: id, kind: .cancel))
    }

    private func expirePing(id: UInt64, timeout: TimeAmount) {
        guard let ping = pings.removeValue(forKey: id) else { return }
        ping.promise.fail(RPCError(code: .deadlineExceeded, message: "no PONG within \(timeout)"))
    }

    /// How many PINGs wait for their PONG (for tests).
    var pendingPingCount: Int { pings.count }

    private func send(_ frame: Frame) {
        guard let context, closeReason == nil else { return }
        var buffer = context.channel.allocator.buffer(capacity: 32)
        FrameEncoder.encode(frame, into: &buffer)
        context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !inputBroken else { return }
        do {
            try accumulator.read(
                unwrapInboundIn(data),
                slicingPayloadsFrom: ResponsePayload.minimumSliceBytes
            ) { frame, payload in
                handleFrame(frame, payload: payload)
            }
        } catch {
            inputBroken = true
            errorCaught(context: context, error: error)
        }
    }

    /// Handles one frame; `payload`, when set, is its payload (the frame's own `payload` is then empty).
    private func handleFrame(_ frame: Frame, payload: ByteBuffer?) {
        switch frame.kind {
        case .response:
            if let entry = pending.removeValue(forKey: frame.requestID) {
                entry.timer?.cancel()
                entry.continuation.resume(returning: payload.map { .buffer($0) } ?? .bytes(frame.payload))
            }
        case .error:
            let error = FrameBuilder.rpcError(from: frame)
            if frame.requestID == 0 {
                // Connection-level: every call on it fails with this error, and it is closed here rather than
                // trusted to be closed by the server, so a pool never keeps handing it out.
                closeReason = closeReason ?? error
                context?.close(promise: nil)
            } else if let entry = pending.removeValue(forKey: frame.requestID) {
                entry.timer?.cancel()
                entry.continuation.resume(throwing: error)
            }
        case .pong:
            if let ping = pings.removeValue(forKey: frame.requestID) {
                ping.timer.cancel()
                ping.promise.succeed(())
            }
        case .ping:
            send(Frame(requestID: frame.requestID, kind: .pong))
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
            entry.continuation.resume(throwing: reason)
        }
        pending.removeAll()
        for ping in pings.values {
            ping.timer.cancel()
            ping.promise.fail(reason)
        }
        pings.removeAll()
        earlyCancels.removeAll()
        context.fireChannelInactive()
    }
}
