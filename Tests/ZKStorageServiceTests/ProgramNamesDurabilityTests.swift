import Foundation
import Testing
import ZKContent
import ZKFileSystem
import ZKStore
import ZKTestSupport

@testable import ZKStorageService

/// names.log is the only CID index: its lines must be durable before a program is stored (R2 of the review).
@Suite("names.log durability")
struct ProgramNamesDurabilityTests {
    static let key = BlobKey(bytes: [UInt8](repeating: 0xab, count: 32))!

    static func cid() throws -> CID {
        try CID("bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy")
    }

    @Test("the first record creates names.log and fsyncs it, then the data folder; later records fsync the file")
    func recordOrder() throws {
        let directory = try TestEnvironment.temporaryDirectory("names").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/names.log"
        let recorder = RecordingFileSystem()
        let names = try ProgramNames(path: path, fileSystem: recorder)
        try names.record(Self.key, cid: try Self.cid(), arweaveTransaction: nil)
        let operations = recorder.operations
        #expect(operations.first == .open(path, created: true), "\(operations)")
        let sync = try #require(operations.firstIndex(of: .sync(path)), "\(operations)")
        let syncFolder = try #require(operations.firstIndex(of: .syncDirectory(directory)), "\(operations)")
        #expect(sync < syncFolder)
        recorder.reset()
        try names.record(
            BlobKey(bytes: [UInt8](repeating: 0xcd, count: 32))!, cid: try Self.cid(), arweaveTransaction: nil
        )
        #expect(recorder.operations.contains(.sync(path)))
        #expect(!recorder.operations.contains(.syncDirectory(directory)))
        // Read back by a new instance.
        #expect(try ProgramNames(path: path).entry(for: Self.key)?.cid == (try Self.cid()))
    }

    @Test("registrations.log: created, fsynced, then the data folder fsynced; read back after a restart")
    func registrationsOrder() throws {
        let directory = try TestEnvironment.temporaryDirectory("registrations").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/registrations.log"
        let recorder = RecordingFileSystem()
        let registrations = try ProgramRegistrations(directory: directory, fileSystem: recorder)
        try registrations.record(Self.key)
        let operations = recorder.operations
        #expect(operations.first == .open(path, created: true), "\(operations)")
        let sync = try #require(operations.firstIndex(of: .sync(path)), "\(operations)")
        let syncFolder = try #require(operations.firstIndex(of: .syncDirectory(directory)), "\(operations)")
        #expect(sync < syncFolder)
        #expect(try ProgramRegistrations(directory: directory).contains(Self.key))
    }

    @Test("a torn last line is cut and the cut fsynced before the log is used")
    func tornLineCutDurably() throws {
        let directory = try TestEnvironment.temporaryDirectory("names").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/names.log"
        try ProgramNames(path: path).record(Self.key, cid: try Self.cid(), arweaveTransaction: nil)
        let whole = try Data(contentsOf: URL(fileURLWithPath: path)).count
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("deadbeef torn".utf8))
        try handle.close()
        let recorder = RecordingFileSystem()
        let names = try ProgramNames(path: path, fileSystem: recorder)
        let operations = recorder.operations
        let truncate = try #require(operations.firstIndex(of: .truncate(path, length: whole)), "\(operations)")
        let sync = try #require(operations.firstIndex(of: .sync(path)), "\(operations)")
        #expect(truncate < sync)
        #expect(names.entry(for: Self.key) != nil)
    }
}
