/// One call made through a ``RecordingFileSystem``, as the test sees it.
public enum FileOperation: Sendable, Hashable, CustomStringConvertible {
    case open(String, created: Bool)
    case write(String, bytes: Int)
    case sync(String)
    case close(String)
    case rename(String, String)
    case syncDirectory(String)
    case truncate(String, length: Int)
    case remove(String)

    public var description: String {
        switch self {
        case .open(let path, let created): "open \(path)\(created ? " (created)" : "")"
        case .write(let path, let bytes): "write \(path) \(bytes) B"
        case .sync(let path): "fsync \(path)"
        case .close(let path): "close \(path)"
        case .rename(let source, let destination): "rename \(source) -> \(destination)"
        case .syncDirectory(let path): "fsync dir \(path)"
        case .truncate(let path, let length): "truncate \(path) to \(length)"
        case .remove(let path): "unlink \(path)"
        }
    }
}
