import Foundation
import Testing
import ZKFileSystem

/// The order of the calls that make a write durable, recorded through the seam. `kill -9` cannot tell a missing
/// fsync (the page cache survives it); these tests fail when any write, fsync, rename or directory fsync is removed
/// or moved.
@Suite("DurableFile")
struct DurableFileTests {
    private func withDirectory<R>(_ body: (String) throws -> R) throws -> R {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("zkfs-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        return try body(directory)
    }

    @Test("replace: temporary file written, fsynced, closed, renamed over the target, then the folder fsynced")
    func replaceOrder() throws {
        try withDirectory { directory in
            let path = directory + "/key"
            let temporary = path + ".tmp"
            let recorder = RecordingFileSystem()
            try DurableFile.replace(path, with: [1, 2, 3], mode: 0o600, fileSystem: recorder)
            #expect(
                recorder.operations == [
                    .remove(temporary), .open(temporary, created: true), .write(temporary, bytes: 3), .sync(temporary),
                    .close(temporary), .rename(temporary, path), .syncDirectory(directory),
                ]
            )
            #expect(Array(try Data(contentsOf: URL(fileURLWithPath: path))) == [1, 2, 3])
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            #expect(mode == 0o600)

            // Replacing keeps the same order and leaves no temporary file.
            recorder.reset()
            try DurableFile.replace(path, with: [9], fileSystem: recorder)
            #expect(recorder.operations.last == .syncDirectory(directory))
            #expect(Array(try Data(contentsOf: URL(fileURLWithPath: path))) == [9])
            #expect(!FileManager.default.fileExists(atPath: temporary))
        }
    }

    @Test("append: the append that creates the file fsyncs the file, then the folder; later appends the file only")
    func appendOrder() throws {
        try withDirectory { directory in
            let path = directory + "/names.log"
            let recorder = RecordingFileSystem()
            try DurableFile.append(path, Array("one\n".utf8), fileSystem: recorder)
            #expect(
                recorder.operations == [
                    .open(path, created: true), .write(path, bytes: 4), .sync(path), .close(path), .syncDirectory(directory),
                ]
            )
            recorder.reset()
            try DurableFile.append(path, Array("two\n".utf8), fileSystem: recorder)
            #expect(recorder.operations == [.open(path, created: false), .write(path, bytes: 4), .sync(path), .close(path)])
            #expect(String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self) == "one\ntwo\n")
        }
    }

    @Test("truncate: the cut is fsynced")
    func truncateOrder() throws {
        try withDirectory { directory in
            let path = directory + "/log"
            try DurableFile.append(path, Array("whole\ntorn".utf8))
            let recorder = RecordingFileSystem()
            try DurableFile.truncate(path, to: 6, fileSystem: recorder)
            #expect(recorder.operations == [.truncate(path, length: 6), .open(path, created: false), .sync(path), .close(path)])
            #expect(String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self) == "whole\n")
        }
    }

    @Test("writeNew refuses an existing file (EEXIST) and leaves it as it was; errors carry errno and path")
    func writeNewExclusive() throws {
        try withDirectory { directory in
            let path = directory + "/blob"
            try DurableFile.writeNew(path, [1])
            let error = #expect(throws: FileSystemError.self) { try DurableFile.writeNew(path, [2]) }
            #expect(error?.errno == EEXIST)
            #expect(error?.path == path)
            #expect(Array(try Data(contentsOf: URL(fileURLWithPath: path))) == [1])
            let missing = #expect(throws: FileSystemError.self) {
                try DurableFile.replace(directory + "/no/such/folder/key", with: [1])
            }
            #expect(missing?.errno == ENOENT)
        }
    }

    @Test("directory(of:)")
    func directoryOf() {
        #expect(DurableFile.directory(of: "/a/b/c") == "/a/b")
        #expect(DurableFile.directory(of: "/c") == "/")
        #expect(DurableFile.directory(of: "c") == ".")
    }
}
