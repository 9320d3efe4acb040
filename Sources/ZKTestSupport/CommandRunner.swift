import Foundation

/// Runs one of our executables (or any command) to completion and captures its output.
public enum CommandRunner {
    public struct Output: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// Runs `name` from the build folder (or an absolute path) with `arguments`.
    public static func run(
        _ name: String,
        _ arguments: [String],
        environment: [String: String] = [:],
        stdin: Data? = nil
    ) throws -> Output {
        let process = Process()
        process.executableURL = name.hasPrefix("/") ? URL(fileURLWithPath: name) : TestEnvironment.binary(name)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { $1 }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let input = Pipe()
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try? input.fileHandleForWriting.close()
        // Read both pipes concurrently so neither fills up.
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus,
            stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self)
        )
    }

    /// Runs the Python interpreter with the oracles (`ZKFAAS_PYTHON`) on `script`.
    public static func python(
        _ script: String,
        arguments: [String] = [],
        environment: [String: String] = [:],
        stdin: Data? = nil
    ) throws -> Output {
        try run(TestEnvironment.python, ["-c", script] + arguments, environment: environment, stdin: stdin)
    }
}
