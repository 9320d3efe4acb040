import NIOCore
import ZKProto

/// What an ``RPCConnection`` asks its channel handler to do.
enum ClientCommand: Sendable {
    /// Send `frame` and resume `continuation` with the response payload or the call's error.
    case call(frame: Frame, continuation: UnsafeContinuation<ResponsePayload, any Error>)
    /// Stop waiting for `id` and tell the server.
    case cancel(id: UInt64)
    /// Send a PING and complete `promise` on its PONG, or fail it with DEADLINE_EXCEEDED once `timeout` passed.
    case ping(id: UInt64, promise: EventLoopPromise<Void>, timeout: TimeAmount)
}
