import Foundation
import Logging
import Testing
import ZKFileSystem
import ZKTestSupport

@testable import ZKRouterService

@Suite("Dev-proof signing key")
struct DevProofSignerTests {
    @Test("a new key is written to a private temporary file, fsynced, renamed into place and the folder fsynced")
    func durableKey() throws {
        let directory = try TestEnvironment.temporaryDirectory("dev-signer").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/dev-signing.key"
        let recorder = RecordingFileSystem()
        let signer = try DevProofSigner(path: path, logger: Logger(label: "test.signer"), fileSystem: recorder)
        let operations = recorder.operations
        let sync = try #require(operations.firstIndex(of: .sync(path + ".tmp")), "\(operations)")
        let rename = try #require(operations.firstIndex(of: .rename(path + ".tmp", path)), "\(operations)")
        let syncFolder = try #require(operations.firstIndex(of: .syncDirectory(directory)), "\(operations)")
        #expect(sync < rename && rename < syncFolder)
        // An existing key is only read.
        recorder.reset()
        let again = try DevProofSigner(path: path, logger: Logger(label: "test.signer"), fileSystem: recorder)
        #expect(recorder.operations.isEmpty)
        #expect(again.publicKey == signer.publicKey)
    }

    @Test("a second router on the same data folder stops at the folder lock before it can touch the key")
    func secondRouterStopsBeforeKey() async throws {
        let directory = try TestEnvironment.temporaryDirectory("dev-signer-lock").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let configuration = RouterConfiguration(
            registryAddress: "127.0.0.1:1", storageAddress: "127.0.0.1:1", dataDirectory: directory, workers: 1
        )
        let first = try RouterService(configuration: configuration, logger: Logger(label: "test.router"))
        let key = try Data(contentsOf: URL(fileURLWithPath: directory + "/dev-signing.key"))
        try FileManager.default.removeItem(atPath: directory + "/dev-signing.key")
        // With the key gone, a second router would make a new one if it read the key before taking the lock.
        #expect(throws: (any Error).self) {
            try RouterService(configuration: configuration, logger: Logger(label: "test.router"))
        }
        #expect(!FileManager.default.fileExists(atPath: directory + "/dev-signing.key"))
        try key.write(to: URL(fileURLWithPath: directory + "/dev-signing.key"))
        await first.shutdown()
    }

    @Test("made on first start, the same key on the next; a damaged or unreadable key file stops the start, untouched")
    func keyFile() throws {
        let directory = try TestEnvironment.temporaryDirectory("dev-signer").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/dev-signing.key"
        let logger = Logger(label: "test.signer")
        let first = try DevProofSigner(path: path, logger: logger)
        let again = try DevProofSigner(path: path, logger: logger)
        #expect(first.publicKey == again.publicKey)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)

        // A truncated key: refused, and the file is left as it was (not replaced by a new key).
        let damaged = Array(try Data(contentsOf: URL(fileURLWithPath: path)).prefix(31))
        try Data(damaged).write(to: URL(fileURLWithPath: path))
        #expect(throws: RouterStartupError.self) { try DevProofSigner(path: path, logger: logger) }
        #expect(Array(try Data(contentsOf: URL(fileURLWithPath: path))) == damaged)

        // A path that cannot be read as a file: refused too.
        try FileManager.default.removeItem(atPath: path)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        #expect(throws: RouterStartupError.self) { try DevProofSigner(path: path, logger: logger) }
    }
}
