import Foundation
@testable import ZKExecutor

/// Paths, the Python oracle and guest helpers shared by the tests.
enum TestSupport {
    /// The repository root, from this file's path.
    static let repoRoot: URL = {
        var url = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url
    }()

    static var guestsDirectory: URL { repoRoot.appendingPathComponent("Guests") }

    static func guestELF(_ name: String) throws -> [UInt8] {
        let url = guestsDirectory.appendingPathComponent("bin/\(name).elf")
        return [UInt8](try Data(contentsOf: url))
    }

    static func executor(_ name: String) throws -> Executor {
        try Executor(elf: guestELF(name))
    }

    /// ZKFAAS_PYTHON, else the repository's .venv interpreter, else python3.
    static var python: String {
        if let value = ProcessInfo.processInfo.environment["ZKFAAS_PYTHON"], !value.isEmpty { return value }
        let venv = repoRoot.appendingPathComponent(".venv/bin/python").path
        return FileManager.default.isExecutableFile(atPath: venv) ? venv : "python3"
    }

    /// Runs `arguments` and returns stdout; throws on a non-zero exit.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], stdin: Data? = nil) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable] + arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        let input = Pipe()
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        let outData = output.fileHandleForReading.readDataToEndOfFile()
        let errData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw OracleError(message: "\(executable) \(arguments) failed: \(String(decoding: errData, as: UTF8.self))")
        }
        return String(decoding: outData, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    struct OracleError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// A digest computed by Python from `data` on stdin: `expression` sees the bytes as `d`.
    static func pythonDigest(_ expression: String, _ data: [UInt8]) throws -> [UInt8] {
        let script = "import sys, hashlib\nd = sys.stdin.buffer.read()\nprint(\(expression))"
        return hexBytes(try run(python, ["-c", script], stdin: Data(data)))
    }

    static func sha256(_ data: [UInt8]) throws -> [UInt8] {
        try pythonDigest("hashlib.sha256(d).hexdigest()", data)
    }

    static func keccak256(_ data: [UInt8]) throws -> [UInt8] {
        try pythonDigest(
            "__import__('Crypto.Hash.keccak', fromlist=['new']).new(digest_bits=256, data=d).hexdigest()",
            data
        )
    }

    static func hexBytes(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            bytes.append(UInt8(text[index..<next], radix: 16)!)
            index = next
        }
        return bytes
    }

    static func u32(_ value: UInt32) -> [UInt8] { TestELF.littleEndian(value) }

    /// Runs a hand-written program and returns the machine (for its registers and memory) and the outcome.
    static func runProgram(
        _ instructions: [UInt32],
        data: [UInt8] = [],
        limits: ExecutionLimits = ExecutionLimits(requirePublicValuesDigest: false)
    ) throws -> (GuestMachine, Result<ExecutionResult, ExecutorError>) {
        let program = try GuestProgram(elf: TestELF.program(instructions, data: data).bytes)
        let machine = try GuestMachine(program: program, input: [], limits: limits)
        let outcome = Result { () throws(ExecutorError) -> ExecutionResult in try machine.run() }
        return (machine, outcome)
    }
}
