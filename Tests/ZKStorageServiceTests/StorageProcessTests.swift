import Foundation
import Synchronization
import Testing
import ZKCrypto
import ZKFaaSClient
import ZKProto
import ZKRPC
import ZKTestSupport
import ZKWire

/// The `storage-cache-service` executable as a real process: restarts and `kill -9`.
@Suite("Storage: the storage-cache-service process across restarts and kill -9", .serialized)
struct StorageProcessTests {
    private func start(_ directory: String, _ extra: [String] = []) throws -> ServiceProcess {
        let binary = TestEnvironment.binary("storage-cache-service")
        try #require(
            FileManager.default.isExecutableFile(atPath: binary.path),
            "build storage-cache-service or set ZKFAAS_BIN_DIR (looked at \(binary.path))"
        )
        return try ServiceProcess(
            "storage-cache-service",
            arguments: ["--data-dir", directory, "--log-level", "warning"] + extra
        )
    }

    @Test("a restart keeps every program, pins included, findable by hash and by CID")
    func restart() async throws {
        let directory = try TestEnvironment.temporaryDirectory("storage-restart").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let programs = (0..<6).map { ELFFixture.make(size: 20_000 + $0 * 70_000, seed: 40 + UInt64($0)) }
        var puts: [PutProgramResponse] = []
        do {
            let process = try start(directory)
            let client = try StorageClient(address: process.address)
            for (index, program) in programs.enumerated() {
                puts.append(try await client.put(program, pin: index == 0))
            }
            await client.close()
            process.stop()
        }
        let process = try start(directory)
        defer { process.stop() }
        let client = try StorageClient(address: process.address)
        for (program, put) in zip(programs, puts) {
            let byHash = try await client.elf(hash: put.elfHash)
            #expect(byHash.elf == program)
            #expect(byHash.response.tier == "disk")
            #expect(try await client.elf(cid: put.cid).elf == program)
        }
        #expect(try await client.statProgram(StatProgramRequest(elfHash: puts[0].elfHash)).pinned)
        #expect(try await client.put(programs[3]).alreadyPresent)
        await client.close()
    }

    @Test("kill -9 during a burst of puts: every acknowledged put is intact after restart, nothing partial served")
    func killDuringPuts() async throws {
        let directory = try TestEnvironment.temporaryDirectory("storage-kill").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let process = try start(directory)
        let address = process.address
        let programs = (0..<64).map { ELFFixture.make(size: 150_000, seed: 500 + UInt64($0)) }
        let acknowledged = Acknowledged()
        let burst = Task {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for lane in 0..<4 {
                    group.addTask {
                        let client = try StorageClient(address: address)
                        defer { Task { await client.close() } }
                        for index in stride(from: lane, to: programs.count, by: 4) {
                            let put = try await client.put(programs[index])
                            acknowledged.add(index, put.elfHash)
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
        // Kill once some puts are acknowledged and others are in flight.
        while acknowledged.count < 8 { try await Task.sleep(for: .milliseconds(2)) }
        process.signal(SIGKILL)
        #expect(process.waitForExit() == 128 + SIGKILL)
        _ = await burst.result
        let done = acknowledged.all
        #expect(done.count >= 8 && done.count < programs.count)
        let restarted = try start(directory)
        defer { restarted.stop() }
        let client = try StorageClient(address: restarted.address)
        for (index, hash) in done {
            let fetched = try await client.elf(hash: hash)
            #expect(fetched.elf == programs[index], "acknowledged put \(index) changed")
        }
        // Unacknowledged puts are either whole or absent: never a partial or wrong program.
        for index in programs.indices where !done.keys.contains(index) {
            do {
                #expect(try await client.elf(hash: SHA256.hash(programs[index])).elf == programs[index])
            } catch let error as RPCError {
                #expect(error.code == .notFound)
            }
        }
        let disk = try #require(try await client.tier("disk"))
        #expect(disk.integrityFailures == 0)
        await client.close()
    }
}

/// Puts acknowledged by the server, shared by the burst's tasks.
final class Acknowledged: Sendable {
    private let state = Mutex<[Int: [UInt8]]>([:])
    func add(_ index: Int, _ hash: [UInt8]) { state.withLock { $0[index] = hash } }
    var count: Int { state.withLock { $0.count } }
    var all: [Int: [UInt8]] { state.withLock { $0 } }
}
