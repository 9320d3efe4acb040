import Foundation
import Logging
import Testing
import ZKProto
import ZKRegistryService
import ZKSQLite
import ZKTestSupport

@Suite("Registry shutdown")
struct RegistryShutdownTests {
    @Test("shutdown closes the store it owns: its file is released and later calls fail instead of writing")
    func closesStore() async throws {
        let directory = try TestEnvironment.temporaryDirectory("registry-shutdown").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try SQLiteRegistryStore(directory: directory)
        let service = RegistryService(store: store, logger: Logger(label: "test.registry"))
        #expect(try await store.program(hash: [UInt8](repeating: 1, count: 32)) == nil)
        await service.shutdown()
        let error = await #expect(throws: SQLiteError.self) {
            _ = try await store.program(hash: [UInt8](repeating: 1, count: 32))
        }
        #expect(error?.code == .misuse)
        // The file is free for the next store.
        let reopened = try SQLiteRegistryStore(directory: directory)
        #expect(try await reopened.program(hash: [UInt8](repeating: 1, count: 32)) == nil)
        await reopened.close()
    }
}
