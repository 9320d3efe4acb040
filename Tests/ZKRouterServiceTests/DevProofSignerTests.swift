import Foundation
import Logging
import Testing
import ZKTestSupport

@testable import ZKRouterService

@Suite("Dev-proof signing key")
struct DevProofSignerTests {
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
