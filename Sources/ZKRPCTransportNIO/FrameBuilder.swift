import ZKProto
import ZKRPC

/// Builds the frames a server or client sends.
enum FrameBuilder {
    static func response(id: UInt64, payload: [UInt8]) -> Frame {
        Frame(requestID: id, kind: .response, payload: payload)
    }

    static func error(id: UInt64, _ error: RPCError) -> Frame {
        let details = error.details.sorted { $0.key < $1.key }.map { MetadataEntry(key: $0.key, value: $0.value) }
        return Frame(
            requestID: id,
            kind: .error,
            status: Status(code: error.code.rawValue, message: error.message, details: details)
        )
    }

    static func rpcError(from frame: Frame) -> RPCError {
        guard let status = frame.status else {
            return RPCError(code: .unknown, message: "error frame without a status")
        }
        var details: [String: String] = [:]
        for entry in status.details { details[entry.key] = entry.value }
        let code = RPCError.Code(rawValue: status.code) ?? .unknown
        return RPCError(code: code, message: status.message, details: details)
    }
}
