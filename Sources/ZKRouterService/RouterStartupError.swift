/// The router cannot start: a file it needs cannot be read or written, or its configuration is inconsistent.
public struct RouterStartupError: Error, Sendable, CustomStringConvertible {
    public var message: String

    public init(message: String) {
        self.message = message
    }

    public var description: String { message }
}
