import Foundation
import ZKTestSupport
@testable import ZKExecutor

/// Paths, the Python oracle and guest helpers shared by the tests.
enum TestSupport {
    /// The repository root, from this file's path.
    static var repoRoot: URL { TestEnvironment.repositoryRoot }

    static var guestsDirectory: URL { repoRoot.appendingPathComponent("Guests") }

    static func guestELF(_ name: String) throws -> [UInt8] {
        let url = guestsDirectory.appendingPathComponent("bin/\(name).elf")
        return [UInt8](try Data(contentsOf: url))
    }

    static func executor(_ name: String) throws -> Executor {
        try Executor(elf: guestELF(name))
    }

    /// A digest computed by Python from `data` on stdin: `expression` sees the bytes as `d`.
    static func pythonDigest(_ expression: String, _ data: [UInt8]) throws -> [UInt8] {
        let script = "import sys, hashlib\nd = sys.stdin.buffer.read()\nprint(\(expression))"
        return hexBytes(try PythonOracle.run(script, stdin: data))
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
