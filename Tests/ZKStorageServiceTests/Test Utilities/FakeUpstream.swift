import Foundation
import ZKTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// A Python fake from `Tests/Fakes` (`fake_ipfs.py`, `fake_arweave.py`) on a free local port for one test.
final class FakeUpstream: @unchecked Sendable {
    struct StartFailure: Error, CustomStringConvertible {
        var description: String
    }

    let process = Process()
    let port: Int
    let dataDirectory: URL

    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Starts `Tests/Fakes/<script> --port 0 --data-dir DIR` and waits for `LISTENING <port>`.
    init(script: String) throws {
        dataDirectory = try TestEnvironment.temporaryDirectory("fake")
        let scriptPath = TestEnvironment.repositoryRoot.appendingPathComponent("Tests/Fakes/\(script)").path
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [TestEnvironment.python, scriptPath, "--port", "0", "--data-dir", dataDirectory.path]
        let stdoutURL = dataDirectory.appendingPathComponent("stdout.txt")
        _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: stdoutURL)
        process.standardError = FileHandle.standardError
        try process.run()
        var text = ""
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline {
            let contents = (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? ""
            if let newline = contents.firstIndex(of: "\n") {
                text = String(contents[..<newline])
                break
            }
            guard process.isRunning else { break }
            usleep(20_000)
        }
        guard text.hasPrefix("LISTENING "), let port = Int(text.dropFirst("LISTENING ".count)) else {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            throw StartFailure(description: "\(script) did not start: '\(text)'")
        }
        self.port = port
    }

    deinit { stop() }

    /// Stops the fake (SIGKILL: the test runner's blocked-signal mask is inherited, so SIGTERM may not land).
    func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: dataDirectory)
    }

    /// `POST path` on the fake's test-control endpoints; returns the body.
    @discardableResult
    func control(_ path: String, body: [UInt8] = []) throws -> String {
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
    static func with<T>(_ script: String, _ body: (FakeUpstream) async throws -> T) async throws -> T {
        let server = try FakeUpstream(script: script)
        defer { server.stop() }
        return try await body(server)
    }
}
