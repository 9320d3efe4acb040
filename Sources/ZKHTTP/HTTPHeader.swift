/// One HTTP header field.
public struct HTTPHeader: Hashable, Sendable {
    /// Field name as sent or received.
    public var name: String
    /// Field value, surrounding whitespace removed.
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}
