/// Bytes that are not a valid protobuf encoding of the message they were decoded as.
public struct ProtoDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The full protobuf name of the message that failed to decode.
    public var messageName: String
    /// How many bytes were offered.
    public var byteCount: Int

    public init(messageName: String, byteCount: Int) {
        self.messageName = messageName
        self.byteCount = byteCount
    }

    public var description: String {
        "\(byteCount) bytes are not a valid \(messageName) message"
    }
}
