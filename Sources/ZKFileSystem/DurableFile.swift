#if canImport(Glibc)
    public import Glibc
#elseif canImport(Darwin)
    public import Darwin
#endif

/// The one way ZK-FaaS writes a file that must survive `kill -9` and power loss.
///
/// - ``writeNew(_:_:mode:fileSystem:)``: a new file, its bytes fsynced before it is closed.
/// - ``replace(_:with:mode:fileSystem:)``: a new file under a temporary name, fsynced, renamed over the target, and
///   the directory fsynced — readers see the old file or the new one, never a mix, and after a crash the rename is
///   either durable or never happened.
/// - ``append(_:_:mode:fileSystem:)``: one write at the end, fsynced; the directory is fsynced too when the append
///   created the file, so the file itself is not lost with its directory entry.
/// - ``truncate(_:to:fileSystem:)``: a cut made durable.
///
/// Every step goes through a ``FileSystem``, so tests can record the order (``RecordingFileSystem``).
public enum DurableFile {
    /// The directory that holds `path` (`.` for a bare name).
    public static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// Creates `path`, which must not exist (`EEXIST` otherwise), writes `bytes`, fsyncs and closes it.
    ///
    /// The directory entry is not made durable here: callers that publish the file by renaming it fsync the
    /// directory they rename it into.
    public static func writeNew(
        _ path: String,
        _ bytes: [UInt8],
        mode: mode_t = 0o644,
        fileSystem: any FileSystem = PosixFileSystem()
    ) throws(FileSystemError) {
        let file = try fileSystem.open(path, flags: O_WRONLY | O_CREAT | O_EXCL, mode: mode)
        do throws(FileSystemError) {
            try write(bytes, to: file, fileSystem)
            try fileSystem.sync(file)
        } catch {
            try? fileSystem.close(file)
            fileSystem.remove(path)
            throw error
        }
        try fileSystem.close(file)
    }

    /// Atomically and durably replaces (or creates) `path` with `bytes`.
    ///
    /// Writes `path.tmp` (any stale one from a crash is removed first), fsyncs it, renames it over `path` and
    /// fsyncs the directory. On failure `path` is unchanged and the temporary file removed.
    public static func replace(
        _ path: String,
        with bytes: [UInt8],
        mode: mode_t = 0o644,
        fileSystem: any FileSystem = PosixFileSystem()
    ) throws(FileSystemError) {
        let temporary = path + ".tmp"
        fileSystem.remove(temporary)
        try writeNew(temporary, bytes, mode: mode, fileSystem: fileSystem)
        do throws(FileSystemError) {
            try fileSystem.rename(temporary, path)
        } catch {
            fileSystem.remove(temporary)
            throw error
        }
        try fileSystem.syncDirectory(directory(of: path))
    }

    /// Appends `bytes` to `path` (created if missing) in one write and fsyncs it; when the append created the file,
    /// its directory is fsynced too.
    ///
    /// Keep appends small (a line): `O_APPEND` lands one write whole, so concurrent appenders never interleave, and
    /// a crash leaves at most a torn last record, which readers cut off (``truncate(_:to:fileSystem:)``).
    public static func append(
        _ path: String,
        _ bytes: [UInt8],
        mode: mode_t = 0o644,
        fileSystem: any FileSystem = PosixFileSystem()
    ) throws(FileSystemError) {
        let file: OpenFile
        var created = false
        do throws(FileSystemError) {
            file = try fileSystem.open(path, flags: O_WRONLY | O_APPEND | O_CREAT | O_EXCL, mode: mode)
            created = true
        } catch where error.errno == EEXIST {
            file = try fileSystem.open(path, flags: O_WRONLY | O_APPEND, mode: mode)
        }
        do throws(FileSystemError) {
            try write(bytes, to: file, fileSystem)
            try fileSystem.sync(file)
        } catch {
            try? fileSystem.close(file)
            throw error
        }
        try fileSystem.close(file)
        if created { try fileSystem.syncDirectory(directory(of: path)) }
    }

    private static func write(_ bytes: [UInt8], to file: OpenFile, _ fileSystem: any FileSystem) throws(FileSystemError) {
        var failure: FileSystemError?
        bytes.withUnsafeBytes { buffer in
            do throws(FileSystemError) { try fileSystem.write(file, buffer) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Cuts `path` to `length` bytes and fsyncs the file, so the cut survives a crash.
    public static func truncate(
        _ path: String,
        to length: Int,
        fileSystem: any FileSystem = PosixFileSystem()
    ) throws(FileSystemError) {
        try fileSystem.truncate(path, length: length)
        let file = try fileSystem.open(path, flags: O_WRONLY, mode: 0)
        defer { try? fileSystem.close(file) }
        try fileSystem.sync(file)
    }
}
