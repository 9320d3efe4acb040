import Foundation
import Testing
import ZKCrypto
import ZKStore

/// Kills a process that is putting blobs with SIGKILL mid-burst and checks that every acknowledged put survived.
@Suite("BlobStore crash durability")
struct BlobStoreCrashTests {
    /// The `ZKStoreCrashHelper` executable: `$ZKSTORE_CRASH_HELPER`, else next to the test binary.
    private static func helperPath() -> String? {
        if let path = ProcessInfo.processInfo.environment["ZKSTORE_CRASH_HELPER"] { return path }
        let testBinary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var directory = testBinary.deletingLastPathComponent()
        // On Linux the test binary is `<bin>/<Package>PackageTests.xctest`; on Darwin it is inside the bundle.
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("ZKStoreCrashHelper").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return nil
    }

    /// Runs the helper, SIGKILLs it after `killAfter` acknowledgements, and returns the acknowledged keys.
    private func runAndKill(helper: String, directory: String, seed: String, killAfter: Int) throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: helper)
        process.arguments = [directory, "100000", seed]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let reader = output.fileHandleForReading
        var text = ""
        var killed = false
        while true {
            let chunk = reader.availableData
            if chunk.isEmpty { break }  // EOF: the helper is dead and the pipe drained
            text += String(decoding: chunk, as: UTF8.self)
            if !killed, text.components(separatedBy: "\n").filter({ $0.hasPrefix("ACK ") }).count >= killAfter {
                kill(process.processIdentifier, SIGKILL)
                killed = true
            }
        }
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(process.terminationStatus == SIGKILL)
        // Only complete lines count as acknowledgements.
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        return lines.filter { $0.hasPrefix("ACK ") }.map { String($0.dropFirst(4)) }
    }

    @Test("every acknowledged put survives SIGKILL and nothing partial is served")
    func killDuringBurst() async throws {
        let helper = try #require(Self.helperPath(), "build the ZKStoreCrashHelper target or set ZKSTORE_CRASH_HELPER")
        try await withTemporaryDirectory { directory in
            var acknowledged: [String] = []
            for (round, killAfter) in [4, 11, 7].enumerated() {
                let seed = "round\(round)"
                let acks = try runAndKill(helper: helper, directory: directory, seed: seed, killAfter: killAfter)
                #expect(acks.count >= killAfter)
                acknowledged += acks

                let log = FailureLog()
                var configuration = BlobStore.Configuration(directory: directory, maxBytes: 1 << 30)
                configuration.onIntegrityFailure = { log.record($0) }
                let store = try BlobStore(configuration: configuration)
                #expect(store.recovery.rowsDropped == 0)
                // Every acknowledged blob is present with exactly the bytes and metadata that were put.
                for hex in acknowledged {
                    let key = try #require(BlobKey(hex: hex))
                    let expected = TestBlobs.crashContent(for: key.bytes)
                    let blob = try #require(try store.get(key), "acknowledged blob \(hex) lost")
                    #expect(blob.bytes == expected)
                    #expect(blob.meta == Array(key.bytes.prefix(4)))
                }
                // Whatever else is there (the put in flight when killed, at most) is complete, never partial.
                for index in 0..<(acks.count + 3) {
                    let digest = SHA256.hash(Array("zkstore-crash/\(seed)/\(index)".utf8))
                    let key = try #require(BlobKey(bytes: digest))
                    if let blob = try store.get(key) {
                        #expect(blob.bytes == TestBlobs.crashContent(for: digest))
                    }
                }
                #expect(log.all.isEmpty)
                #expect(store.stats.integrityFailures == 0)
                #expect(try store.keys().count >= acknowledged.count)
                #expect(try store.keys().count <= acknowledged.count + round + 1)
                #expect(try FileManager.default.contentsOfDirectory(atPath: directory + "/tmp").isEmpty)
                #expect(blobFiles(in: directory).count == store.stats.count)
            }
        }
    }
}
