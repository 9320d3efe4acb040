import ZKProto
import ZKRPC

/// Builds the frames a server or client sends.
enum FrameBuilder {
    static func response(id: UInt64, payload: [UInt8]) -> Frame {
        Frame(requestID: id, kind: .response, payload: payload)
    }

    static func error(id: UInt64, _ error: RPCError) -> Frame {
        Frame(requestID: id, kind: .error, status: Status(error))
    }

    static func rpcError(from frame: Frame) -> RPCError {
        guard let status = frame.status else {
            return RPCError(code: .unknown, message: "error frame without a status")
        }
        return RPCError(status: status)
    }
}
