/// A setting that cannot be used; executables report it and exit non-zero before serving.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    /// The flag or environment variable at fault.
    public var setting: String
    public var message: String

    public init(setting: String, message: String) {
        self.setting = setting
        self.message = message
    }

    public var description: String { "\(setting): \(message)" }
}
