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

    @Test("random corruption of a real guest never crashes the executor")
    func fuzz() throws {
        let elf = try TestSupport.guestELF("fibonacci")
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            var mutated = elf
            for _ in 0..<Int.random(in: 1...8, using: &generator) {
                let index = Int.random(in: 0..<mutated.count, using: &generator)
                mutated[index] = UInt8.random(in: 0...255, using: &generator)
            }
            guard let executor = try? Executor(elf: mutated) else { continue }
            _ = try? executor.run(
                buffers: [TestSupport.u32(5)],
                limits: ExecutionLimits(maxCycles: 200_000, maxMemoryBytes: 16 << 20)
            )
        }
    }
}
