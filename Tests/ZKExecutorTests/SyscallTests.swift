import Testing
@testable import ZKExecutor

/// Syscall semantics on hand-written programs (SP1 v5.2.4 `crates/core/executor/src/syscalls`).
@Suite("Syscalls")
struct SyscallTests {
    static func ecall(_ id: UInt32, _ a0: UInt32 = 0, _ a1: UInt32 = 0, _ a2: UInt32 = 0) -> [UInt32] {
        RV32.li(5, id) + RV32.li(10, a0) + RV32.li(11, a1) + RV32.li(12, a2) + [RV32.ecall]
    }

    static func failure(_ program: [UInt32], data: [UInt8] = []) throws -> ExecutorError {
        let (_, outcome) = try TestSupport.runProgram(program + RV32.halt, data: data)
        return try #require(outcome.failure)
    }

    @Test("unknown and unimplemented syscalls name themselves")
    func unknownSyscalls() throws {
        let unknown = try Self.failure(Self.ecall(0x1234))
        #expect(unknown.code == .unknownSyscall)
        #expect(unknown.cycles == 8)
        let unimplemented = try Self.failure(Self.ecall(0x00_01_01_0A, TestELF.dataBase, TestELF.dataBase))
        #expect(unimplemented.code == .unimplementedSyscall)
        #expect(unimplemented.message.contains("SECP256K1_ADD"))
    }

    @Test("HINT_LEN returns the next buffer's length, or 0xFFFFFFFF when none is left")
    func hintLength() throws {
        let program = try GuestProgram(elf: TestELF.program(Self.ecall(0xF0) + [RV32.addi(13, 5, 0)] + RV32.halt).bytes)
        let limits = ExecutionLimits(requirePublicValuesDigest: false)
        let withInput = try GuestMachine(program: program, input: [[1, 2, 3, 4, 5]], limits: limits)
        _ = try withInput.run()
        #expect(withInput.registers[13] == 5)
        let empty = try GuestMachine(program: program, input: [], limits: limits)
        _ = try empty.run()
        #expect(empty.registers[13] == 0xFFFF_FFFF)
    }

    @Test("HINT_READ errors: exhausted input, length mismatch, misaligned pointer")
    func hintReadErrors() throws {
        let exhausted = try Self.failure(Self.ecall(0xF1, TestELF.dataBase, 4))
        #expect(exhausted.code == .inputExhausted)
        let program = try GuestProgram(elf: TestELF.program(Self.ecall(0xF1, TestELF.dataBase, 3) + RV32.halt).bytes)
        let mismatch = try GuestMachine(program: program, input: [[1, 2]], limits: ExecutionLimits())
        let mismatchError = try #require(throws: ExecutorError.self) { try mismatch.run() }
        #expect(mismatchError.code == .invalidSyscallArgument)
        let misaligned = try GuestProgram(elf: TestELF.program(Self.ecall(0xF1, TestELF.dataBase + 2, 2) + RV32.halt).bytes)
        do {
            _ = try GuestMachine(program: misaligned, input: [[1, 2]], limits: ExecutionLimits()).run()
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .misalignedMemoryAccess)
        }
    }

    @Test("WRITE routes fd 1, 2, 3/13 and 4/14; reserved descriptors fail")
    func writes() throws {
        let data = Array("hello, world".utf8)
        let base = TestELF.dataBase
        let program = Self.ecall(2, 1, base, 5) + Self.ecall(2, 2, base + 7, 5) + Self.ecall(2, 13, base, 2)
            + Self.ecall(2, 3, base + 2, 1) + Self.ecall(2, 14, base, 4) + Self.ecall(2, 99, base, 4)
            + Self.ecall(0xF0) + [RV32.addi(13, 5, 0)] + RV32.halt
        let (machine, outcome) = try TestSupport.runProgram(program, data: data)
        let result = try outcome.get()
        #expect(result.stdoutText == "hello")
        #expect(result.stderrText == "world")
        #expect(result.publicValues == Array("hel".utf8))
        #expect(machine.registers[13] == 4, "the hint was pushed to the front of the input")
        #expect(result.unreadInputBuffers == 1)
        let reserved = try Self.failure(Self.ecall(2, 7, base, 1), data: data)
        #expect(reserved.code == .unsupportedFileDescriptor)
        let outside = try Self.failure(Self.ecall(2, 1, 0x77FF_FFFF, 100), data: data)
        #expect(outside.code == .invalidMemoryAccess)
    }

    @Test("COMMIT stores digest words; the digest must match the public values")
    func commitDigest() throws {
        // Commit SHA-256("") word by word, then halt: the digest matches empty public values.
        let digest = try TestSupport.sha256([])
        var program: [UInt32] = []
        for index in 0..<8 {
            let word = UInt32(digest[4 * index]) | UInt32(digest[4 * index + 1]) << 8
                | UInt32(digest[4 * index + 2]) << 16 | UInt32(digest[4 * index + 3]) << 24
            program += Self.ecall(0x10, UInt32(index), word)
        }
        let (_, outcome) = try TestSupport.runProgram(program + RV32.halt, limits: ExecutionLimits())
        let result = try outcome.get()
        #expect(result.publicValuesDigest == digest)
        #expect(result.publicValuesDigestMatches)
        let (_, mismatch) = try TestSupport.runProgram(RV32.halt, limits: ExecutionLimits())
        #expect(mismatch.failure?.code == .publicValuesDigestMismatch)
        let badIndex = try Self.failure(Self.ecall(0x10, 8, 1))
        #expect(badIndex.code == .invalidSyscallArgument)
    }

    @Test("inside an unconstrained block only WRITE and EXIT_UNCONSTRAINED are allowed")
    func unconstrainedRestrictions() throws {
        let error = try Self.failure(Self.ecall(3) + Self.ecall(0x10, 0, 0))
        #expect(error.code == .invalidSyscallUsage)
        let ended = try Self.failure(Self.ecall(3) + [RV32.jalr(0, 0, 0)])
        #expect(ended.code == .endedInUnconstrained)
        // ENTER returns 1; EXIT rolls back registers and resumes after ENTER with t0 = 0; one cycle in total.
        let block = Self.ecall(3) + [RV32.beq(5, 0, 44), RV32.addi(13, 0, 42)] + Self.ecall(4)
        let (machine, outcome) = try TestSupport.runProgram(block + RV32.halt)
        let result = try outcome.get()
        #expect(machine.registers[13] == 0)
        #expect(result.cycles == 4 * 2 + 1 + 1 + 3, "4 li pairs, ENTER..EXIT as one, beq, halt")
    }

    @Test("SHA_EXTEND and SHA_COMPRESS reject bad pointers and arguments")
    func precompileArguments() throws {
        #expect(try Self.failure(Self.ecall(0x00_30_01_05, TestELF.dataBase, 1)).code == .invalidSyscallArgument)
        #expect(try Self.failure(Self.ecall(0x00_30_01_05, TestELF.dataBase + 2)).code == .misalignedMemoryAccess)
        #expect(try Self.failure(Self.ecall(0x00_30_01_05, 0x77FF_FFF0)).code == .invalidMemoryAccess)
        #expect(try Self.failure(Self.ecall(0x00_01_01_06, TestELF.dataBase, TestELF.dataBase)).code
            == .invalidSyscallArgument)
        #expect(try Self.failure(Self.ecall(0x00_01_01_09, TestELF.dataBase, 4)).code == .invalidSyscallArgument)
    }

    @Test("bincode SP1Stdin: buffers parsed, truncation rejected")
    func sp1Stdin() throws {
        let stdin = SP1Stdin(buffers: [[1, 2, 3], [], Array(repeating: 9, count: 300)])
        let bytes = stdin.bincode()
        #expect(bytes.prefix(8) == [3, 0, 0, 0, 0, 0, 0, 0])
        #expect(try SP1Stdin(bincode: bytes) == stdin)
        for length in [0, 7, 8, 15, 18, 30] {
            #expect(throws: ExecutorError.self) { try SP1Stdin(bincode: Array(bytes.prefix(length))) }
        }
        var hostile = bytes
        hostile[7] = 0x7F
        #expect(throws: ExecutorError.self) { try SP1Stdin(bincode: hostile) }
    }

    /// Found by `Scripts/fuzz.sh ELFLoader` (reproducer `Tests/Fuzz/Corpus/ELFLoader/crash-441d3120…`): a syscall
    /// that completed the last instruction of a check interval left the next interpreter call a budget of 0, which
    /// it took as no bound at all; the guest then ran past its cycle limit (and its deadline and cancellation) up to
    /// its next syscall or fault, forever in a loop without one.
    @Test("a syscall ending a check interval does not lift the cycle limit")
    func syscallAtCheckpoint() throws {
        let program =
            [RV32.addi(5, 0, Int32(SyscallCode.commit)), RV32.addi(10, 0, 0), RV32.ecall]  // 3 = checkInterval
            + RV32.li(6, 1 << 20) + [RV32.addi(6, 6, -1), RV32.bne(6, 0, -4)] + RV32.halt  // 2 M cycles, then HALT
        let limits = ExecutionLimits(maxCycles: 100, checkInterval: 3, requirePublicValuesDigest: false)
        let (_, outcome) = try TestSupport.runProgram(program, limits: limits)
        switch outcome {
        case .success(let result):
            Issue.record("ran \(result.cycles) cycles with a limit of 100")
        case .failure(let error):
            #expect(error.code == .cycleLimitExceeded)
            #expect(error.cycles == 101)
        }
    }
}
