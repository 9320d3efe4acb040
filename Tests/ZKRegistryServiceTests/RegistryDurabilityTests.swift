import Foundation
import Testing
import ZKCrypto
import ZKFaaSClient
import ZKProto
import ZKRPC
import ZKRegistryService
import ZKTestSupport

@Suite("Registry: durability across restarts and kill -9")
struct RegistryDurabilityTests {
    @Test("records, their order and first-wins survive closing and reopening the store")
    func reopen() async throws {
        let directory = try TestEnvironment.temporaryDirectory("registry-reopen").path
        let key = try Secp256k1.PrivateKey()
        let fields = (0..<5).map { TestRegistration.fields("reopen-\($0)") }
        let stored = try await RegistryHarness.with(directory: directory) { registry in
            var stored: [ProgramMetadata] = []
            for field in fields {
                stored.append(try await registry.register(TestRegistration.request(field, key: key)))
            }
            return stored
        }
        try await RegistryHarness.with(directory: directory) { registry in
            for program in stored { #expect(try await registry.get(program.programHash) == program) }
            #expect(try await registry.list(ListProgramsRequest()).programs == stored)
            let error = try await #require(throws: RPCError.self) {
                try await registry.register(
                    TestRegistration.request(fields[2], key: try Secp256k1.PrivateKey()))
            }
            #expect(error.code == .alreadyExists)
            let more = try await registry.register(
                TestRegistration.request(TestRegistration.fields("after"), key: key))
            #expect(try await registry.list(ListProgramsRequest()).programs == stored + [more])
        }
    }

    @Test("an acknowledged registration survives SIGKILL of the registry-service process")
    func killDashNine() async throws {
        let binary = TestEnvironment.binary("registry-service")
        try #require(
            FileManager.default.isExecutableFile(atPath: binary.path),
            "build registry-service or set ZKFAAS_BIN_DIR (looked at \(binary.path))"
        )
        let directory = try TestEnvironment.temporaryDirectory("registry-kill").path
        let arguments = ["--data-dir", directory, "--skip-storage-check", "--log-level", "warning"]
        let key = try Secp256k1.PrivateKey()
        var acknowledged: [ProgramMetadata] = []
        for round in 0..<3 {
            let process = try ServiceProcess("registry-service", arguments: arguments)
            let client = try RegistryClient(address: process.address)
            for index in 0..<4 {
                let fields = TestRegistration.fields("kill-\(round)-\(index)")
                let response = try await client.rpc.unary(
                    RegistryMethods.registerProgram,
                    TestRegistration.request(fields, key: key)
                )
                acknowledged.append(try #require(response.program))
            }
            process.signal(SIGKILL)  // right after the last acknowledgement
            #expect(process.waitForExit() == 128 + SIGKILL)
            await client.close()
        }
        let process = try ServiceProcess("registry-service", arguments: arguments)
        defer { process.stop() }
        let client = try RegistryClient(address: process.address)
        for program in acknowledged {
            let response = try await client.rpc.unary(
                RegistryMethods.getProgram,
                GetProgramRequest(programHash: program.programHash)
            )
            #expect(response.program == program)
        }
        let list = try await client.rpc.unary(RegistryMethods.listPrograms, ListProgramsRequest())
        #expect(list.programs == acknowledged)
        await client.close()
    }
}
