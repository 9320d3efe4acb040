/// A connection-level failure of the frame layer: the connection that produced it cannot be trusted further.
public struct WireError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong; cases may be added.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Wrapped: Sendable, Hashable {
            case frameTooLarge
            case malformedFrame
        }

        private let wrapped: Wrapped

        /// A length header announced more bytes than the configured maximum frame size.
        public static let frameTooLarge = Code(wrapped: .frameTooLarge)
        /// The frame's bytes are not a `zkfaas.v1.Frame` message.
        public static let malformedFrame = Code(wrapped: .malformedFrame)

        public var description: String {
            switch wrapped {
            case .frameTooLarge: "frame too large"
            case .malformedFrame: "malformed frame"
            }
        }
    }

    public var code: Code
    public var message: String

    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    public static func frameTooLarge(length: UInt32, limit: Int) -> WireError {
        WireError(code: .frameTooLarge, message: "frame of \(length) bytes exceeds the limit of \(limit) bytes")
    }

    public var description: String { "\(code): \(message)" }
}
