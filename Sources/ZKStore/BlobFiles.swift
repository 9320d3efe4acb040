internal import Glibc
internal import ZKFileSystem

/// Blocking POSIX (Linux/Glibc) file operations used by ``BlobStore``, with errors mapped to ``BlobStoreError``.
enum BlobFiles {
    /// Result of reading a file that may legitimately be absent.
    enum ReadResult {
        case missing
        case bytes([UInt8])
    }

    static func failure(_ operation: String, _ path: String, errno code: Int32) -> BlobStoreError {
        let reason = String(cString: strerror(code))
        return BlobStoreError(code: .ioFailure, message: "\(operation) \(path): \(reason)", errno: code)
    }

    /// Creates a directory; an existing one is fine. Returns whether it was created.
    @discardableResult
    static func makeDirectory(_ path: String) throws(BlobStoreError) -> Bool {
        if mkdir(path, 0o755) == 0 { return true }
        let code = errno
        guard code == EEXIST else { throw failure("mkdir", path, errno: code) }
        return false
    }

    /// Maps a failed file operation to the store's error.
    static func failure(_ error: FileSystemError) -> BlobStoreError {
        failure(error.operation, error.path, errno: error.errno)
    }

    /// Writes `bytes` to a new file (which must not exist) and fsyncs it before returning.
    static func writeDurably(_ path: String, _ bytes: [UInt8], _ fileSystem: any FileSystem) throws(BlobStoreError) {
        do { try DurableFile.writeNew(path, bytes, fileSystem: fileSystem) } catch { throw failure(error) }
    }

    /// Reads a whole file; `.missing` if it does not exist.
    static func read(_ path: String) throws(BlobStoreError) -> ReadResult {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            if code == ENOENT { return .missing }
            throw failure("open", path, errno: code)
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw failure("fstat", path, errno: errno) }
        let size = Int(info.st_size)
        var failed: BlobStoreError?
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            var offset = 0
            while offset < size {
                let count = Glibc.read(descriptor, buffer.baseAddress! + offset, size - offset)
                if count < 0 {
                    if errno == EINTR { continue }
                    failed = failure("read", path, errno: errno)
                    break
                }
                if count == 0 { break }  // shrank since fstat; the size check will reject it
                offset += count
            }
            initialized = offset
        }
        if let failed { throw failed }
        return .bytes(bytes)
    }

    /// Size of a regular file, or `nil` if it does not exist.
    static func size(_ path: String) throws(BlobStoreError) -> Int? {
        var info = stat()
        guard stat(path, &info) == 0 else {
            let code = errno
            if code == ENOENT { return nil }
            throw failure("stat", path, errno: code)
        }
        return Int(info.st_size)
    }

    static func rename(_ from: String, _ to: String, _ fileSystem: any FileSystem) throws(BlobStoreError) {
        do { try fileSystem.rename(from, to) } catch { throw failure(error) }
    }

    /// Deletes a file; a missing one is fine.
    static func remove(_ path: String, _ fileSystem: any FileSystem) {
        fileSystem.remove(path)
    }

    /// fsyncs a directory so renames and creations inside it are durable.
    static func syncDirectory(_ path: String, _ fileSystem: any FileSystem) throws(BlobStoreError) {
        do { try fileSystem.syncDirectory(path) } catch { throw failure(error) }
    }

    /// Names of the entries in a directory (without `.` and `..`).
    static func list(_ path: String) throws(BlobStoreError) -> [String] {
        guard let directory = opendir(path) else { throw failure("opendir", path, errno: errno) }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// Takes an exclusive `flock` on `path` (created if needed) and returns the open descriptor.
    static func lockExclusively(_ path: String) throws(BlobStoreError) -> Int32 {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw failure("open", path, errno: errno) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            close(descriptor)
            if code == EWOULDBLOCK {
                throw BlobStoreError(code: .locked, message: "\(path) is locked by another process", errno: code)
            }
            throw failure("flock", path, errno: code)
        }
        return descriptor
    }

    static func closeDescriptor(_ descriptor: Int32) {
        close(descriptor)
    }
}
