#if canImport(Glibc)
    public import Glibc
#elseif canImport(Darwin)
    public import Darwin
#endif

/// The file operations whose order makes a write durable, behind one seam.
///
/// Production code uses ``PosixFileSystem``; tests pass a ``RecordingFileSystem`` to see the exact sequence of
/// writes, fsyncs and renames a store makes, so a test fails when a step that durability depends on is removed —
/// which `kill -9` alone cannot show (the page cache survives it). Every call blocks.
public protocol FileSystem: Sendable {
    /// `open(2)`.
    func open(_ path: String, flags: Int32, mode: mode_t) throws(FileSystemError) -> OpenFile
    /// Writes all of `bytes` (retrying short writes and `EINTR`).
    func write(_ file: OpenFile, _ bytes: UnsafeRawBufferPointer) throws(FileSystemError)
    /// `fsync(2)` of an open file.
    func sync(_ file: OpenFile) throws(FileSystemError)
    /// `close(2)`.
    func close(_ file: OpenFile) throws(FileSystemError)
    /// `rename(2)`: atomically replaces `destination`.
    func rename(_ source: String, _ destination: String) throws(FileSystemError)
    /// fsyncs a directory, so that the entries created, renamed or removed in it are durable.
    func syncDirectory(_ path: String) throws(FileSystemError)
    /// `truncate(2)`.
    func truncate(_ path: String, length: Int) throws(FileSystemError)
    /// `unlink(2)`; a missing file is fine.
    func remove(_ path: String)
}
