import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// One of our executables running as a real process, started on a free port (`--port 0`).
public final class ServiceProcess: @unchecked Sendable {
    public let name: String
    public let process = Process()
    public private(set) var port = 0
    public let logFile: URL
    /// Where the process's stdout goes (its `READY` line).
    private var stdoutFile: URL { logFile.deletingPathExtension().appendingPathExtension("stdout") }

    public var address: String { "127.0.0.1:\(port)" }

    /// Starts `name` with `arguments` and waits for its `READY <service> <host>:<port>` line.
    public init(_ name: String, arguments: [String], environment: [String: String] = [:]) throws {
        self.name = name
        logFile = FileManager.default.temporaryDirectory.appendingPathComponent("zkfaas-\(name)-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        process.executableURL = TestEnvironment.binary(name)
        process.arguments = ["--port", "0"] + arguments
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("ZKFAAS_") || $0.key == "ZKFAAS_PYTHON" }
        env.merge(environment) { $1 }
        process.environment = env
        // stdout goes to a file polled with a deadline (a pipe read would block on a service that hangs silently).
        let stdoutFile = stdoutFile
        _ = FileManager.default.createFile(atPath: stdoutFile.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: stdoutFile)
        process.standardError = try FileHandle(forWritingTo: logFile)
        try process.run()
        if let line = StartupLine.wait(prefix: "READY", in: stdoutFile, of: process, timeout: 30),
            let portText = line.split(separator: ":").last, let port = Int(portText)
        {
            self.port = port
            return
        }
        let log = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
        process.terminate()
        throw ServiceProcessError(message: "\(name) did not become ready: \(log)")
    }

    /// Sends a signal.
    public func signal(_ signal: Int32) {
        kill(process.processIdentifier, signal)
    }

    /// Waits for the process to exit and returns its status (128 + signal when killed).
    public func waitForExit(timeout: TimeInterval = 30) -> Int32 {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return -1
        }
        return process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
    }

    /// Stops the process (SIGTERM, then SIGKILL) if it still runs.
    public func stop() {
        guard process.isRunning else { return }
        signal(SIGTERM)
        _ = waitForExit(timeout: 15)
    }

    public var log: String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(at: logFile)
        try? FileManager.default.removeItem(at: stdoutFile)
    }
}

public struct ServiceProcessError: Error, CustomStringConvertible {
    public var message: String

    public init(message: String) {
        self.message = message
    }

    public var description: String { message }
}
