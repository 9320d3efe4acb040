import Foundation

/// A Python server from `Tests/Fakes` running on a free local port for the duration of one test.
final class LocalServer: @unchecked Sendable {
    static let repoRoot: URL = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent()  // Test Utilities
        .deletingLastPathComponent()  // ZKHTTPTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    static let interpreter: String = {
        if let configured = ProcessInfo.processInfo.environment["ZKFAAS_PYTHON"], !configured.isEmpty {
            return configured
        }
        let venv = repoRoot.appendingPathComponent(".venv/bin/python").path
        return FileManager.default.isExecutableFile(atPath: venv) ? venv : "python3"
    }()

    struct StartFailure: Error, CustomStringConvertible {
        var description: String
    }

    let process = Process()
    let port: Int
    let dataDirectory: URL

    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Starts `Tests/Fakes/<script>` with `--port 0` (and `--data-dir` unless `dataDir` is false).
    init(script: String, dataDir: Bool = true, arguments: [String] = []) throws {
        dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("zkhttp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        let scriptPath = Self.repoRoot.appendingPathComponent("Tests/Fakes/\(script)").path
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments =
            [Self.interpreter, scriptPath, "--port", "0"]
            + (dataDir ? ["--data-dir", dataDirectory.path] : []) + arguments
        // The first stdout line is "LISTENING <port>"; stdout goes to a file polled here (no pipe plumbing).
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

    deinit {
        stop()
    }

    func stop() {
        if process.isRunning {
            // SIGKILL: the test runner's blocked-signal mask is inherited by children, so SIGTERM may not land.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: dataDirectory)
    }

    /// Runs `body` with a started server and always stops it.
    static func with<T>(
        script: String,
        dataDir: Bool = true,
        _ body: (LocalServer) async throws -> T
    ) async throws -> T {
        let server = try LocalServer(script: script, dataDir: dataDir)
        defer { server.stop() }
        return try await body(server)
    }
}
