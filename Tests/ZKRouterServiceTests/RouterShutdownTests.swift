import Foundation
import Logging
import Testing
import ZKStore
import ZKTestSupport

@testable import ZKRouterService

@Suite("Router shutdown")
struct RouterShutdownTests {
    @Test("shutdown releases the data folder at once: a second router opens it while the first is still referenced")
    func releasesFolder() async throws {
        let directory = try TestEnvironment.temporaryDirectory("router-shutdown").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // Nothing listens on these: the clients connect lazily and no call is made.
        let configuration = RouterConfiguration(
            registryAddress: "127.0.0.1:1",
            storageAddress: "127.0.0.1:1",
            dataDirectory: directory,
            workers: 1
        )
        let first = try RouterService(configuration: configuration, logger: Logger(label: "test.router"))
        let error = #expect(throws: BlobStoreError.self) {
            try RouterService(configuration: configuration, logger: Logger(label: "test.router"))
        }
        #expect(error?.code == .locked)
        await first.shutdown()
        let second = try RouterService(configuration: configuration, logger: Logger(label: "test.router"))
        #expect(second.listBackends().devProofPublicKey == first.listBackends().devProofPublicKey)
        await second.shutdown()
        withExtendedLifetime(first) {}
    }
}
