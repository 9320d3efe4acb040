import Foundation
import Logging
import Testing
import ZKStorageService
import ZKTestSupport

/// C4 of the security review: operator input that used to trap.
@Suite("Storage: operator input is validated, never a trap", .serialized)
struct StorageConfigurationTrapTests {
    @Test("--memory-programs 2^31 is a configuration error naming the flag (the LRU needs fewer than 2^31 slots)")
    func memoryProgramsFlag() async throws {
        let binary = TestEnvironment.binary("storage-cache-service").path
        try #require(FileManager.default.isExecutableFile(atPath: binary), "build storage-cache-service")
        let directory = try TestEnvironment.temporaryDirectory("storage-c4")
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try CommandRunner.run(
            "storage-cache-service",
            ["--data-dir", directory.path, "--port", "0", "--memory-programs", "2147483648", "--log-level", "warning"]
        )
        // ArgumentParser's validation exit code, not a signal (a trap ends with SIGILL or SIGTRAP).
        #expect(result.status == 64, "status \(result.status): \(result.stderr)")
        #expect(result.stderr.contains("--memory-programs"), "\(result.stderr)")
    }

    @Test("a library caller's memoryPrograms of Int.max is clamped, not a trap")
    func memoryProgramsLibrary() async throws {
        let directory = try TestEnvironment.temporaryDirectory("storage-c4-lib").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let service = try StorageService(
            configuration: StorageConfiguration(dataDirectory: directory, memoryPrograms: .max),
            logger: Logger(label: "test.storage")
        )
        await service.shutdown()
    }

    @Test("zkfaas program download --max-bytes -1 is a validation error, not a trap")
    func downloadMaxBytes() throws {
        let binary = TestEnvironment.binary("zkfaas").path
        try #require(FileManager.default.isExecutableFile(atPath: binary), "build zkfaas")
        let directory = try TestEnvironment.temporaryDirectory("storage-c4-cli")
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try CommandRunner.run(
            "zkfaas",
            [
                "program", "download", String(repeating: "ab", count: 32), "-o",
                directory.appendingPathComponent("out.elf").path, "--max-bytes=-1", "--storage", "127.0.0.1:1",
            ]
        )
        #expect(result.status == 64, "status \(result.status): \(result.stderr)")
        #expect(result.stderr.contains("--max-bytes must be positive"), "\(result.stderr)")
    }

    @Test("zkfaas program list --limit -1 is a validation error, not a trap (prefix of negative length)")
    func listLimit() throws {
        let binary = TestEnvironment.binary("zkfaas").path
        try #require(FileManager.default.isExecutableFile(atPath: binary), "build zkfaas")
        let result = try CommandRunner.run("zkfaas", ["program", "list", "--limit=-1", "--registry", "127.0.0.1:1"])
        #expect(result.status == 64, "status \(result.status): \(result.stderr)")
        #expect(result.stderr.contains("--limit must not be negative"), "\(result.stderr)")
    }
}
