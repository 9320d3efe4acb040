import Foundation
import Testing
import ZKTestSupport

/// prover-router refuses counts its in-memory structures cannot index (C4), in `--check-config` and at a real start,
/// with a configuration error instead of a trap.
@Suite("Router configuration limits")
struct RouterConfigurationTests {
    static let flags = ["--cache-entries", "--program-cache-entries", "--queue-capacity", "--workers"]

    @Test("C4: a count of 2^31 or more is a configuration error, in --check-config and at a real start", arguments: flags)
    func hugeCounts(flag: String) throws {
        let directory = try TestEnvironment.temporaryDirectory("router-config")
        defer { try? FileManager.default.removeItem(at: directory) }
        for value in ["2147483648", "9223372036854775807"] {
            for extra in [["--check-config"], []] {
                let result = try Self.runBounded(
                    ["--data-dir", directory.path, "--registry", "127.0.0.1:1", "--storage", "127.0.0.1:1", "--port", "0",
                     flag, value] + extra
                )
                // ArgumentParser's validation exit code; a trap would end the process on a signal instead.
                #expect(result.status == 64, "\(flag) \(value) \(extra): status \(result.status), \(result.stderr)")
                #expect(result.stderr.contains(flag), "\(result.stderr)")
                #expect(result.stderr.contains("2^31"), "\(result.stderr)")
            }
        }
    }

    /// Runs prover-router and waits for it to exit; one that is still running after 120 s (it accepted the value
    /// and started serving) is stopped, and reported as status -1.
    static func runBounded(_ arguments: [String]) throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = TestEnvironment.binary("prover-router")
        process.arguments = arguments
        let errors = FileManager.default.temporaryDirectory.appendingPathComponent("router-config-\(UUID()).err")
        FileManager.default.createFile(atPath: errors.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errors) }
        let handle = try FileHandle(forWritingTo: errors)
        defer { try? handle.close() }
        process.standardError = handle
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(120)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            return (-1, (try? String(contentsOf: errors, encoding: .utf8)) ?? "")
        }
        return (process.terminationStatus, (try? String(contentsOf: errors, encoding: .utf8)) ?? "")
    }

    @Test("--workers is one thread each: more than 1024 is refused before any thread starts")
    func workersBounded() throws {
        let directory = try TestEnvironment.temporaryDirectory("router-config")
        defer { try? FileManager.default.removeItem(at: directory) }
        let refused = try CommandRunner.run("prover-router", ["--data-dir", directory.path, "--workers", "1025", "--check-config"])
        #expect(refused.status == 64 && refused.stderr.contains("--workers"), "\(refused.stderr)")
        let accepted = try CommandRunner.run("prover-router", ["--data-dir", directory.path, "--workers", "1024", "--check-config"])
        #expect(accepted.status == 0, "\(accepted.stderr)")
    }

    @Test("the byte bounds of the caches are flags, checked like the others")
    func byteFlags() throws {
        let directory = try TestEnvironment.temporaryDirectory("router-config")
        defer { try? FileManager.default.removeItem(at: directory) }
        for flag in ["--cache-memory-bytes", "--program-cache-bytes", "--job-retention-bytes"] {
            let good = try CommandRunner.run("prover-router", ["--data-dir", directory.path, flag, "1048576", "--check-config"])
            #expect(good.status == 0, "\(flag): \(good.stderr)")
            let bad = try CommandRunner.run("prover-router", ["--data-dir", directory.path, flag, "0", "--check-config"])
            #expect(bad.status == 64 && bad.stderr.contains(flag), "\(flag): \(bad.stderr)")
        }
    }
}
