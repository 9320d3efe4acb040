import Foundation
import Testing
import ZKCrypto

@Suite("FileBytes")
struct FileBytesTests {
    @Test("reads files of every size byte for byte", arguments: [0, 1, 65_535, 65_536, 65_537, 300_001])
    func readsWholeFile(size: Int) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("zkcrypto-file-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: path) }
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<size).map { _ in UInt8.random(in: 0...255, using: &generator) }
        try Data(bytes).write(to: path)
        #expect(try FileBytes.read(path.path) == bytes)
    }

    @Test("reads files that report no size")
    func readsProcFile() throws {
        // /proc files have st_size 0; the read must go on to end of file anyway.
        let expected = try Data(contentsOf: URL(fileURLWithPath: "/proc/self/status"))
        let bytes = try FileBytes.read("/proc/self/status")
        #expect(bytes.count > 0)
        // The file describes the reading process and changes between reads; its first line does not.
        #expect(bytes.prefix { $0 != 0x0A } == Array(expected).prefix { $0 != 0x0A })
    }

    @Test("a missing file is an open failure naming the path and errno")
    func missingFile() throws {
        let path = "/nonexistent-\(UUID().uuidString)"
        let error = try #require(throws: FileReadError.self) { try FileBytes.read(path) }
        #expect(error.operation == .open)
        #expect(error.errno == ENOENT)
        #expect(error.path == path)
        #expect(error.description.hasPrefix("cannot open \(path): "))
    }

    @Test("a directory is a read failure")
    func directory() throws {
        let error = try #require(throws: FileReadError.self) { try FileBytes.read("/") }
        #expect(error.operation == .read)
        #expect(error.errno == EISDIR)
    }

    @Test("a file longer than maximumBytes is refused with EFBIG; one of exactly that length is read")
    func maximumBytes() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("zkcrypto-max-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: path) }
        let bytes = (0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 13) }
        try Data(bytes).write(to: path)
        #expect(try FileBytes.read(path.path, maximumBytes: 70_000) == bytes)
        let error = try #require(throws: FileReadError.self) { try FileBytes.read(path.path, maximumBytes: 69_999) }
        #expect(error.errno == EFBIG)
        #expect(try FileBytes.read("/proc/self/status", maximumBytes: 1 << 20).count > 0)
        #expect(throws: FileReadError.self) { try FileBytes.read("/proc/self/status", maximumBytes: 10) }
    }
}
