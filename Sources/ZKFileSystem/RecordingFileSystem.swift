#if canImport(Glibc)
    public import Glibc
#elseif canImport(Darwin)
    public import Darwin
#endif
import Synchronization

/// A ``FileSystem`` that does what ``PosixFileSystem`` does and records every call, in order, for tests of the
/// order in which durable writes happen (write, fsync, rename, directory fsync).
public final class RecordingFileSystem: FileSystem {
    private let system = PosixFileSystem()
    private let recorded = Mutex<[FileOperation]>([])

    /// A recorder with nothing recorded.
    public init() {}

    /// The calls so far, oldest first.
    public var operations: [FileOperation] { recorded.withLock { $0 } }

    /// Forgets the calls so far.
    public func reset() { recorded.withLock { $0.removeAll() } }

    private func record(_ operation: FileOperation) { recorded.withLock { $0.append(operation) } }

    public func open(_ path: String, flags: Int32, mode: mode_t) throws(FileSystemError) -> OpenFile {
        let existed = access(path, F_OK) == 0
        let file = try system.open(path, flags: flags, mode: mode)
        record(.open(path, created: !existed && flags & O_CREAT != 0))
        return file
    }

    public func write(_ file: OpenFile, _ bytes: UnsafeRawBufferPointer) throws(FileSystemError) {
        try system.write(file, bytes)
        record(.write(file.path, bytes: bytes.count))
    }

    public func sync(_ file: OpenFile) throws(FileSystemError) {
        try system.sync(file)
        record(.sync(file.path))
    }

    public func close(_ file: OpenFile) throws(FileSystemError) {
        try system.close(file)
        record(.close(file.path))
    }

    public func rename(_ source: String, _ destination: String) throws(FileSystemError) {
        try system.rename(source, destination)
        record(.rename(source, destination))
    }

    public func syncDirectory(_ path: String) throws(FileSystemError) {
        try system.syncDirectory(path)
        record(.syncDirectory(path))
    }

    public func truncate(_ path: String, length: Int) throws(FileSystemError) {
        try system.truncate(path, length: length)
        record(.truncate(path, length: length))
    }

    public func remove(_ path: String) {
        system.remove(path)
        record(.remove(path))
    }
}
