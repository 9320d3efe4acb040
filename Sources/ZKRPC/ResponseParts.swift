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

    /// A message whose length-delimited field `field` (bytes or string) is `shared`, between the encoded fields
    /// `before` and `after`; the field's tag and length are written here.
    public init(before: [UInt8] = [], field: Int, shared: SharedBytes, after: [UInt8] = []) {
        var head = before
        var value = UInt64(field) << 3 | 2  // wire type 2: length-delimited
        for _ in 0..<2 {
            while value >= 0x80 {
                head.append(UInt8(truncatingIfNeeded: value) | 0x80)
                value >>= 7
            }
            head.append(UInt8(value))
            value = UInt64(shared.count)
        }
        self.init(head: head, shared: shared, tail: after)
    }

    /// The payload's length in bytes.
    public var count: Int { head.count + shared.count + tail.count }
}
