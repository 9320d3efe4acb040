import NIOCore
import ZKProto

/// What an ``RPCConnection`` asks its channel handler to do.
enum ClientCommand {
    /// Send `frame` and complete `promise` with the response payload.
    case call(frame: Frame, promise: EventLoopPromise<[UInt8]>)
    /// Stop waiting for `id` and tell the server.
    case cancel(id: UInt64)
    /// Send a PING and complete `promise` on its PONG.
    case ping(id: UInt64, promise: EventLoopPromise<Void>)
}
