import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A Python stand-in from `Tests/Fakes` (`fake_ipfs.py`, `fake_arweave.py`, `echo_server.py`) on a free local port
/// for one test. It prints `LISTENING <port>` as its first line.
public final class FakeServer: @unchecked Sendable {
    public struct StartFailure: Error, CustomStringConvertible {
        public var description: String
    }

    public let process = Process()
    public let port: Int
    public let dataDirectory: URL

    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Starts `Tests/Fakes/<script> --port 0` (with `--data-dir` unless `dataDir` is false) and waits for its port.
    public init(script: String, dataDir: Bool = true, arguments: [String] = []) throws {
        dataDirectory = try TestEnvironment.temporaryDirectory("fake")
        let scriptPath = TestEnvironment.repositoryRoot.appendingPathComponent("Tests/Fakes/\(script)").path
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments =
            [TestEnvironment.python, scriptPath, "--port", "0"]
            + (dataDir ? ["--data-dir", dataDirectory.path] : []) + arguments
        // stdout goes to a file polled here: no pipe plumbing on the test's threads.
        let stdoutURL = dataDirectory.appendingPathComponent("stdout.txt")
        _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: stdoutURL)
        process.standardError = FileHandle.standardError
        try process.run()
        let text = StartupLine.wait(prefix: "LISTENING ", in: stdoutURL, of: process, timeout: 15) ?? ""
        guard let port = Int(text.dropFirst("LISTENING ".count)) else {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            throw StartFailure(description: "\(script) did not start: '\(text)'")
        }
        self.port = port
    }

    deinit { stop() }

    /// Stops the fake (SIGKILL: the test runner's blocked-signal mask is inherited, so SIGTERM may not land).
    public func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: dataDirectory)
    }

    /// `POST path` on the fake's test-control endpoints; returns the body.
    @discardableResult
    public func control(_ path: String, body: [UInt8] = []) throws -> String {
        let output = try CommandRunner.python(
            """
            import sys, urllib.request
            request = urllib.request.Request(sys.argv[1], data=sys.stdin.buffer.read(), method="POST")
            print(urllib.request.urlopen(request).read().decode())
            """,
            arguments: [baseURL + path],
            stdin: Data(body)
        )
        guard output.status == 0 else { throw StartFailure(description: "POST \(path) failed: \(output.stderr)") }
        return output.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Runs `body` with a started fake and always stops it.
    public static func with<T>(
        script: String,
        dataDir: Bool = true,
        _ body: (FakeServer) async throws -> T
    ) async throws -> T {
        let server = try FakeServer(script: script, dataDir: dataDir)
        defer { server.stop() }
        return try await body(server)
    }
}
