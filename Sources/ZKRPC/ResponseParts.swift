/// A response message encoded in three parts, `head + shared + tail`, so that a large field kept in a cache
/// (``SharedBytes``) is sent without being copied into every response.
///
/// `head` holds the fields before the shared bytes and the shared field's own tag and length; `tail` the fields
/// after it. The transport sends the three parts as one payload.
public struct ResponseParts: Sendable {
    public var head: [UInt8]
    public var shared: SharedBytes
    public var tail: [UInt8]

    public init(head: [UInt8], shared: SharedBytes, tail: [UInt8]) {
        self.head = head
        self.shared = shared
        self.tail = tail
    }

    /// The payload's length in bytes.
    public var count: Int { head.count + shared.count + tail.count }

    /// The payload as one array (a copy; for transports without gathering writes, and for tests).
    public var joined: [UInt8] {
        var bytes = head
        bytes.reserveCapacity(count)
        bytes += shared.bytes
        bytes += tail
        return bytes
    }
}
