/// A domain error that knows its RPC status, so services can throw their own error types.
public protocol RPCErrorConvertible: Error {
    var rpcError: RPCError { get }
}

extension RPCError: RPCErrorConvertible {
    public var rpcError: RPCError { self }
}

extension RPCError {
    /// Maps any error thrown by a handler to the error sent to the client.
    ///
    /// ``RPCErrorConvertible`` errors keep their code; cancellation becomes CANCELLED; anything else INTERNAL
    /// with a generic message (the original is logged by the server, not sent).
    public init(mapping error: any Error) {
        switch error {
        case let convertible as any RPCErrorConvertible:
            self = convertible.rpcError
        case is CancellationError:
            self = RPCError(code: .cancelled, message: "the call was cancelled")
        default:
            self = RPCError(code: .internalError, message: "internal error")
        }
    }
}
