import Foundation
import Testing

/// Runs small Python scripts as test oracles (pycryptodome, eth-account, eth-abi).
///
/// The interpreter is `$ZKFAAS_PYTHON` if set, else `.venv/bin/python` in the first ancestor directory of this file
/// (symlinks resolved) that has one, else `python3` from `PATH`. Scripts receive arguments on argv and optional data
/// on stdin and answer on stdout; a non-zero exit fails the calling test with the script's stderr.
enum PythonOracle {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The interpreter used by ``run(_:arguments:stdin:)``.
    static let interpreter: URL = {
        if let path = ProcessInfo.processInfo.environment["ZKFAAS_PYTHON"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        var directory = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent(".venv/bin/python")
            if FileManager.default.isExecutableFile(atPath: candidate.path) {
                return candidate
            }
            directory.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: "/usr/bin/env")
    }()

    /// Runs `script` with `python -c` and returns its stdout with surrounding whitespace removed.
    ///
    /// - Parameters:
    ///   - script: Python source.
    ///   - arguments: Passed as `sys.argv[1...]`.
    ///   - stdin: Bytes written to the script's standard input (then closed).
    static func run(_ script: String, arguments: [String] = [], stdin: [UInt8] = []) throws -> String {
        let process = Process()
        process.executableURL = interpreter
        let prefix = interpreter.lastPathComponent == "env" ? ["python3"] : []
        process.arguments = prefix + ["-c", script] + arguments
        let input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // The scripts read all of stdin before writing anything, so writing first cannot deadlock.
        input.fileHandleForWriting.write(Data(stdin))
        try input.fileHandleForWriting.close()
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(
                description: "python (\(interpreter.path)) exited with \(process.terminationStatus): "
                    + String(decoding: stderr, as: UTF8.self)
            )
        }
        return String(decoding: stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Runs `script` and decodes its stdout as JSON.
    static func json<T: Decodable>(
        _ type: T.Type,
        _ script: String,
        arguments: [String] = [],
        stdin: [UInt8] = []
    ) throws -> T {
        let text = try run(script, arguments: arguments, stdin: stdin)
        return try JSONDecoder().decode(T.self, from: Data(text.utf8))
    }
}
