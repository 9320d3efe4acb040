/// Why a string is not an acceptable ``ProgramCID``.
public struct ProgramCIDError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
