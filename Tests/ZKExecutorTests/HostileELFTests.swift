import Testing
@testable import ZKExecutor

/// ELF files SP1 would refuse, and garbage: loading and running must fail with a typed error, never crash.
@Suite("Hostile ELF files")
struct HostileELFTests {
    static let text = RV32.halt

    static func expectInvalid(_ elf: [UInt8], _ fragment: String, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try GuestProgram(elf: elf)
            Issue.record("expected invalidELF (\(fragment))", sourceLocation: sourceLocation)
        } catch {
            #expect(error.code == .invalidELF, sourceLocation: sourceLocation)
            #expect(error.message.contains(fragment), "\(error.message)", sourceLocation: sourceLocation)
        }
    }

    @Test("a well-formed hand-built ELF loads and runs")
    func baseline() throws {
        let program = try GuestProgram(elf: TestELF.program(Self.text).bytes)
        #expect(program.entry == TestELF.textBase)
        #expect(program.instructionCount == 3)
    }

    @Test("every truncation of a real guest is rejected or runs to a typed result")
    func truncated() throws {
        let elf = try TestSupport.guestELF("fibonacci")
        for length in stride(from: 0, to: elf.count, by: 37) {
            do {
                let executor = try Executor(elf: Array(elf[0..<length]))
                _ = try? executor.run(buffers: [TestSupport.u32(3)], limits: ExecutionLimits(maxCycles: 100_000))
            } catch {
                #expect(error.code == .invalidELF)
            }
        }
        Self.expectInvalid([], "truncated")
        Self.expectInvalid(Array(elf[0..<40]), "truncated")
    }

    @Test("header fields SP1 checks")
    func headerChecks() {
        var elf = TestELF.program(Self.text)
        elf.elfClass = 2
        Self.expectInvalid(elf.bytes, "32-bit")
        elf = TestELF.program(Self.text)
        elf.machine = 62
        Self.expectInvalid(elf.bytes, "riscv")
        elf = TestELF.program(Self.text)
        elf.type = 3
        Self.expectInvalid(elf.bytes, "executable")
        elf = TestELF.program(Self.text)
        elf.entry = TestELF.textBase + 2
        Self.expectInvalid(elf.bytes, "entrypoint")
        var bad = TestELF.program(Self.text).bytes
        bad[0] = 0
        Self.expectInvalid(bad, "magic")
    }

    @Test("entry point outside the text segment")
    func entryOutsideText() {
        var elf = TestELF.program(Self.text, data: [1, 2, 3, 4])
        elf.entry = TestELF.dataBase
        Self.expectInvalid(elf.bytes, "outside the text segment")
        elf.entry = TestELF.textBase + 12
        Self.expectInvalid(elf.bytes, "outside the text segment")
    }

    @Test("overlapping, unsorted, writable+executable and misaligned segments")
    func segmentRules() {
        var elf = TestELF.program(Self.text, data: [1, 2, 3, 4])
        elf.segments[1].address = TestELF.textBase + 8
        Self.expectInvalid(elf.bytes, "overlap")
        elf = TestELF.program(Self.text, data: [1, 2, 3, 4])
        elf.segments.reverse()
        Self.expectInvalid(elf.bytes, "overlap or are not sorted")
        elf = TestELF.program(Self.text)
        elf.segments[0].flags = 7
        Self.expectInvalid(elf.bytes, "writable and executable")
        elf = TestELF.program(Self.text, data: [1, 2, 3, 4])
        elf.segments[1].address = TestELF.dataBase + 2
        Self.expectInvalid(elf.bytes, "unaligned")
        elf = TestELF.program(Self.text, data: [1, 2, 3, 4])
        elf.segments[1].flags = 4
        elf.segments[1].address = 0
        elf.segments.reverse()
        elf.segments[0].address = 0
        Self.expectInvalid(elf.bytes, "section headers")
        elf = TestELF.program(Self.text)
        elf.segments[0].flags = 4
        Self.expectInvalid(elf.bytes, "no executable segment")
    }

    @Test("huge segment sizes and offsets")
    func hugeSegments() throws {
        var elf = TestELF.program(Self.text, data: [1, 2, 3, 4])
        elf.segments[1].memorySize = 0x7F00_0000
        Self.expectInvalid(elf.bytes, "0x78000000")
        elf = TestELF.program(Self.text, data: [1, 2, 3, 4])
        elf.segments[1].memorySize = UInt32.max
        Self.expectInvalid(elf.bytes, "mem_size")
        elf = TestELF.program(Self.text, data: [1, 2, 3, 4])
        elf.segments[1].fileSize = 0x7000_0000
        elf.segments[1].memorySize = 0x7000_0000
        Self.expectInvalid(elf.bytes, "outside the file")
        elf = TestELF.program(Self.text, data: [1, 2, 3, 4])
        elf.segments[1].offset = 0xFFFF_FFF0
        Self.expectInvalid(elf.bytes, "outside the file")
        // A 1.5 GiB zero-filled segment is legal for SP1: it loads, and the memory limit refuses to run it.
        elf = TestELF.program(Self.text, data: [1, 2, 3, 4])
        elf.segments[1].memorySize = 0x6000_0000
        let executor = try Executor(elf: elf.bytes)
        do {
            _ = try executor.run(buffers: [], limits: ExecutionLimits(maxMemoryBytes: 64 << 20))
            Issue.record("expected a memory limit error")
        } catch {
            #expect(error.code == .memoryLimitExceeded)
        }
    }

    /// The fuzz seed: `ZKFAAS_FUZZ_SEED` (decimal or 0x hex) to explore or replay, else a fixed one.
    static let fuzzSeed = SeededGenerator.seed(fromEnvironment: "ZKFAAS_FUZZ_SEED", default: 0x5EED_905F_686C_0DE5)

    @Test(
        "random corruption of a real guest: every outcome is a result within the limits or a typed run error",
        arguments: [
            ("explicit 16 MiB", ExecutionLimits(maxCycles: 200_000, maxMemoryBytes: 16 << 20)),
            ("production default", ExecutionLimits(maxCycles: 200_000)),
        ]
    )
    func fuzz(label: String, limits: ExecutionLimits) throws {
        let elf = try TestSupport.guestELF("fibonacci")
        var generator = SeededGenerator(seed: Self.fuzzSeed)
        for iteration in 0..<300 {
            let replay = "\(label), ZKFAAS_FUZZ_SEED=0x\(String(Self.fuzzSeed, radix: 16)) iteration \(iteration)"
            var mutated = elf
            for _ in 0..<Int.random(in: 1...8, using: &generator) {
                let index = Int.random(in: 0..<mutated.count, using: &generator)
                mutated[index] = UInt8.random(in: 0...255, using: &generator)
            }
            let executor: Executor
            do {
                executor = try Executor(elf: mutated)
            } catch {
                #expect(error.code == .invalidELF, "\(replay)")
                continue
            }
            let run = { () -> Result<ExecutionResult, ExecutorError> in
                Result { () throws(ExecutorError) -> ExecutionResult in
                    try executor.run(buffers: [TestSupport.u32(5)], limits: limits)
                }
            }
            let outcome = run()
            switch outcome {
            case .success(let result):
                #expect(result.cycles <= 200_000, "\(replay)")
                #expect(result.memoryBytesTouched <= limits.maxMemoryBytes ?? .max, "\(replay)")
                #expect(result.publicValues.count <= limits.maxPublicValuesBytes, "\(replay)")
                #expect(result.stdout.count <= limits.maxOutputBytes, "\(replay)")
                #expect(result.stderr.count <= limits.maxOutputBytes, "\(replay)")
            case .failure(let error):
                // A run fails with a code describing the guest, never a loading, input or host failure.
                #expect(ExecutorError.Code(rawValue: error.code.rawValue) == error.code, "\(replay)")
                let hostCodes: [ExecutorError.Code] = [.invalidELF, .invalidInput, .resourceUnavailable]
                #expect(!hostCodes.contains(error.code), "\(replay): \(error)")
                #expect(!error.message.isEmpty, "\(replay)")
                #expect(error.cycles <= 200_001, "\(replay)")
            }
            #expect(run() == outcome, "runs are deterministic; \(replay)")
        }
    }
}
