import Foundation
import Logging
import Testing
import ZKStorageService
import ZKStore
import ZKTestSupport

@Suite("Storage shutdown")
struct StorageShutdownTests {
    @Test("shutdown releases the data folder at once: a second service opens it while the first is still referenced")
    func releasesFolder() async throws {
        let directory = try TestEnvironment.temporaryDirectory("storage-shutdown").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let configuration = StorageConfiguration(dataDirectory: directory)
        let first = try StorageService(configuration: configuration, logger: Logger(label: "test.storage"))
        // While it is open, the folder is locked.
        let error = #expect(throws: BlobStoreError.self) {
            try StorageService(configuration: configuration, logger: Logger(label: "test.storage"))
        }
        #expect(error?.code == .locked)
        await first.shutdown()
        let second = try StorageService(configuration: configuration, logger: Logger(label: "test.storage"))
        await second.shutdown()
        withExtendedLifetime(first) {}
    }
}
