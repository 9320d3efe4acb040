public import ZKExecutor
public import ZKRPC

extension ExecutorError: RPCErrorConvertible {
    /// How an execution failure is reported to callers.
    public var rpcError: RPCError {
        let rpcCode: RPCError.Code =
            switch code {
            case .cycleLimitExceeded, .memoryLimitExceeded, .outputLimitExceeded: .resourceExhausted
            case .deadlineExceeded: .deadlineExceeded
            case .cancelled: .cancelled
            case .unimplementedSyscall: .unimplemented
            case .invalidELF: .failedPrecondition
            case .invalidInput: .invalidArgument
            case .resourceUnavailable: .unavailable
            default: .failedPrecondition
            }
        var details = ["executor-code": String(code.rawValue), "cycles": String(cycles)]
        if let pc { details["pc"] = "0x" + String(pc, radix: 16) }
        return RPCError(code: rpcCode, message: "guest execution failed: \(message)", details: details)
    }
}
