/// A descriptor opened through a ``FileSystem``, with the path it was opened at (for errors and recordings).
public struct OpenFile: Sendable, Hashable {
    /// The file descriptor.
    public let descriptor: Int32
    /// The path it was opened at.
    public let path: String

    /// Wraps an open descriptor.
    public init(descriptor: Int32, path: String) {
        self.descriptor = descriptor
        self.path = path
    }
}
