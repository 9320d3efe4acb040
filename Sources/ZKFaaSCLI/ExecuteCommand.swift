import ArgumentParser
import ZKCrypto
import ZKExecutor

/// `zkfaas execute`: runs a guest ELF locally with the built-in executor. No proof: an execution only.
struct ExecuteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "execute",
        abstract: "Execute a guest ELF locally (no proof) and print its exit code, public values and cycles."
    )

    @Option(help: "The guest ELF (RV32IM, SP1 ABI).") var elf: String
    @Option(help: "A bincode-serialized SP1Stdin file (instead of --input-*).") var sp1Stdin: String?
    @OptionGroup var inputs: InputOptions
    @Option(help: "Stop after this many cycles.") var maxCycles: UInt64?
    @Flag(help: "Print one JSON object.") var json = false

    func validate() throws {
        if sp1Stdin != nil && !(inputs.u32.isEmpty && inputs.hex.isEmpty && inputs.file.isEmpty) {
            throw ValidationError("--sp1-stdin and --input-* are exclusive")
        }
    }

    func run() async throws {
        let stdin: SP1Stdin
        if let sp1Stdin {
            stdin = try SP1Stdin(bincode: FileIO.read(sp1Stdin))
        } else {
            stdin = SP1Stdin(buffers: try inputs.buffers())
        }
        let executor = try Executor(elf: FileIO.read(elf))
        let result: ExecutionResult
        do {
            result = try executor.run(input: stdin, limits: ExecutionLimits(maxCycles: maxCycles))
        } catch {
            if json {
                print(
                    JSONText.object([
                        "error": .string(error.message), "error_code": .uint(UInt64(error.code.rawValue)),
                        "pc": error.pc.map { .uint(UInt64($0)) } ?? .null, "cycles": .uint(error.cycles),
                    ])
                )
            } else {
                printError("execution failed: \(error.description)")
            }
            throw ExitCode(2)
        }
        let digest = SHA256.hash(result.publicValues)
        if json {
            print(
                JSONText.object([
                    "exit_code": .uint(UInt64(result.exitCode)),
                    "public_values": .string(Hex.encode(result.publicValues)),
                    "public_values_sha256": .string(Hex.encode(digest)),
                    "cycles": .uint(result.cycles),
                    "stdout": .string(result.stdoutText),
                ])
            )
        } else {
            print("exit code:          \(result.exitCode)")
            print("public values:      \(Hex.encode(result.publicValues))")
            print("public values hash: \(Hex.encode(digest))")
            print("cycles:             \(result.cycles)")
            if !result.stdout.isEmpty { print("stdout:\n\(result.stdoutText)") }
            print("(an execution, not a proof)")
        }
    }
}
