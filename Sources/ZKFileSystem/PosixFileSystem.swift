#if canImport(Glibc)
    public import Glibc
#elseif canImport(Darwin)
    public import Darwin
#endif

/// The operating system's files: each method is the system call it names.
public struct PosixFileSystem: FileSystem {
    /// The real file system.
    public init() {}

    public func open(_ path: String, flags: Int32, mode: mode_t) throws(FileSystemError) -> OpenFile {
        let descriptor = Self.systemOpen(path, flags | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw FileSystemError(operation: "open", path: path, errno: errno) }
        return OpenFile(descriptor: descriptor, path: path)
    }

    public func write(_ file: OpenFile, _ bytes: UnsafeRawBufferPointer) throws(FileSystemError) {
        var offset = 0
        while offset < bytes.count {
            let written = Self.systemWrite(file.descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw FileSystemError(operation: "write", path: file.path, errno: errno)
            }
            offset += written
        }
    }

    public func sync(_ file: OpenFile) throws(FileSystemError) {
        guard fsync(file.descriptor) == 0 else { throw FileSystemError(operation: "fsync", path: file.path, errno: errno) }
    }

    public func close(_ file: OpenFile) throws(FileSystemError) {
        guard Self.systemClose(file.descriptor) == 0 else {
            throw FileSystemError(operation: "close", path: file.path, errno: errno)
        }
    }

    public func rename(_ source: String, _ destination: String) throws(FileSystemError) {
        guard Self.systemRename(source, destination) == 0 else {
            throw FileSystemError(operation: "rename \(source) to", path: destination, errno: errno)
        }
    }

    public func syncDirectory(_ path: String) throws(FileSystemError) {
        let directory = try open(path, flags: O_RDONLY | O_DIRECTORY, mode: 0)
        defer { _ = Self.systemClose(directory.descriptor) }
        guard fsync(directory.descriptor) == 0 else { throw FileSystemError(operation: "fsync", path: path, errno: errno) }
    }

    public func truncate(_ path: String, length: Int) throws(FileSystemError) {
        guard Self.systemTruncate(path, off_t(length)) == 0 else {
            throw FileSystemError(operation: "truncate", path: path, errno: errno)
        }
    }

    public func remove(_ path: String) {
        _ = unlink(path)
    }

    // The system calls, named apart from this type's methods of the same names.
    private static func systemOpen(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 {
        #if canImport(Glibc)
            Glibc.open(path, flags, mode)
        #else
            Darwin.open(path, flags, mode)
        #endif
    }

    private static func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
            Glibc.write(descriptor, bytes, count)
        #else
            Darwin.write(descriptor, bytes, count)
        #endif
    }

    private static func systemClose(_ descriptor: Int32) -> Int32 {
        #if canImport(Glibc)
            Glibc.close(descriptor)
        #else
            Darwin.close(descriptor)
        #endif
    }

    private static func systemRename(_ source: String, _ destination: String) -> Int32 {
        #if canImport(Glibc)
            Glibc.rename(source, destination)
        #else
            Darwin.rename(source, destination)
        #endif
    }

    private static func systemTruncate(_ path: String, _ length: off_t) -> Int32 {
        #if canImport(Glibc)
            Glibc.truncate(path, length)
        #else
            Darwin.truncate(path, length)
        #endif
    }
}
