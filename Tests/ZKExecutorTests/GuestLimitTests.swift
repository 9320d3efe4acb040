import Testing
@testable import ZKExecutor

/// Every host buffer a guest controls is bounded, and unconstrained blocks have a budget: the triggers of the
/// security review of 905f686 (H1, H2, C6), each failing with a typed error at its first step, before any large copy.
///
/// Where the old executor would copy gigabytes rather than fail, a generous deadline, checked after every
/// instruction, is the guard that turns that into a failing test (`deadlineExceeded` instead of the expected outcome)
/// rather than a run of minutes; no assertion is on time.
@Suite("Limits on guest-controlled buffers and work")
struct GuestLimitTests {
    /// A deadline no run of these tests comes near, which the old executor's gigabyte copies would pass.
    static var guardDeadline: ContinuousClock.Instant { .now + .seconds(10) }

    /// `WRITE(fd, 32, 1 GiB)` in a loop: `addi a0,x0,fd; addi a1,x0,32; lui a2,0x40000; addi t0,x0,2; ecall;
    /// jal x0,-4` (the review's H1 trigger for fd 13).
    static func gigabyteWriteLoop(fd: Int32) -> [UInt32] {
        [
            RV32.addi(10, 0, fd), RV32.addi(11, 0, 32), RV32.lui(12, 0x40000), RV32.addi(5, 0, 2), RV32.ecall,
            RV32.jal(0, -4),
        ]
    }

    /// ENTER_UNCONSTRAINED, then `sw x0,256(x0); jal x0,-4` forever (the review's undo-log trigger).
    static let unconstrainedStoreLoop: [UInt32] = [RV32.addi(5, 0, 3), RV32.ecall, RV32.sw(0, 0, 256), RV32.jal(0, -4)]

    @Test("defaults: 512 MiB of guest memory, 1 MiB of public values, 64 MiB of hints and of undo log")
    func defaults() {
        let limits = ExecutionLimits()
        #expect(limits.maxMemoryBytes == 512 << 20)
        #expect(ExecutionLimits(timeout: .seconds(1)).maxMemoryBytes == 512 << 20)
        #expect(limits.maxPublicValuesBytes == 1 << 20)
        #expect(limits.maxHintBytes == 64 << 20)
        #expect(limits.maxUndoLogBytes == 64 << 20)
        #expect(limits.maxOutputBytes == 16 << 20)
        #expect(limits.unconstrainedInstructionLimit == nil)
        #expect(ExecutionLimits(maxCycles: 77).unconstrainedInstructionLimit == 77)
        #expect(ExecutionLimits(maxCycles: 77, maxUnconstrainedInstructions: 5).unconstrainedInstructionLimit == 5)
    }

    @Test(
        "H1: the 1 GiB-per-loop public-values WRITE fails at the first WRITE, with nothing copied",
        arguments: [ExecutionLimits(maxCycles: 64, maxMemoryBytes: 16 << 20), ExecutionLimits()]
    )
    func publicValuesLoop(limits: ExecutionLimits) throws {
        var limits = limits
        limits.deadline = Self.guardDeadline
        let (machine, outcome) = try TestSupport.runProgram(Self.gigabyteWriteLoop(fd: 13), limits: limits)
        let error = try #require(outcome.failure)
        #expect(error.code == .outputLimitExceeded, "\(error)")
        #expect(error.cycles == 4, "the first WRITE fails")
        #expect(error.pc == TestELF.textBase + 16)
        #expect(machine.publicValues.isEmpty, "nothing was copied")
        // The same through fd 3 (SP1 v1–v3).
        let (_, old) = try TestSupport.runProgram(Self.gigabyteWriteLoop(fd: 3), limits: limits)
        #expect(old.failure?.code == .outputLimitExceeded)
    }

    @Test("H1: public values up to the limit are kept; one byte more fails")
    func publicValuesAtTheLimit() throws {
        let data: [UInt8] = Array(1...9)
        let limits = ExecutionLimits(requirePublicValuesDigest: false, maxPublicValuesBytes: 8)
        let eight = SyscallTests.ecall(2, 13, TestELF.dataBase, 5) + SyscallTests.ecall(2, 3, TestELF.dataBase + 5, 3)
        let (_, fits) = try TestSupport.runProgram(eight + RV32.halt, data: data, limits: limits)
        #expect(try fits.get().publicValues == Array(1...8))
        let (machine, over) = try TestSupport.runProgram(
            eight + SyscallTests.ecall(2, 13, TestELF.dataBase + 8, 1) + RV32.halt,
            data: data,
            limits: limits
        )
        #expect(over.failure?.code == .outputLimitExceeded)
        #expect(machine.publicValues == Array(1...8))
    }

    @Test("H1: a 1 GiB hint WRITE fails at the first WRITE; hints count in total against maxHintBytes")
    func hints() throws {
        for fd: Int32 in [14, 4] {
            let limits = ExecutionLimits(maxCycles: 64, maxMemoryBytes: 16 << 20, deadline: Self.guardDeadline)
            let (machine, outcome) = try TestSupport.runProgram(Self.gigabyteWriteLoop(fd: fd), limits: limits)
            let error = try #require(outcome.failure)
            #expect(error.code == .outputLimitExceeded, "\(error)")
            #expect(error.cycles == 4)
            #expect(machine.inputStack.isEmpty, "nothing was copied")
        }
        let limits = ExecutionLimits(requirePublicValuesDigest: false, maxHintBytes: 8)
        let twoHints = SyscallTests.ecall(2, 14, TestELF.dataBase, 4) + SyscallTests.ecall(2, 4, TestELF.dataBase, 4)
        let (machine, outcome) = try TestSupport.runProgram(
            twoHints + SyscallTests.ecall(2, 14, TestELF.dataBase, 1) + RV32.halt,
            data: [1, 2, 3, 4],
            limits: limits
        )
        #expect(outcome.failure?.code == .outputLimitExceeded)
        #expect(machine.inputStack.count == 2)
    }

    @Test("H1: 2,000 stdout and stderr WRITEs of 64 MiB each copy only the bytes kept")
    func hugeOutputWrites() throws {
        // 1,000 times: WRITE(1, 32, 64 MiB) and WRITE(2, 32, 64 MiB), then HALT. The old executor copied each
        // WRITE whole before truncating, 125 GiB in all (a debug build copies one in seconds, so it fails at the
        // deadline after a few); now 100 bytes of each descriptor are copied, once.
        let write = { (fd: UInt32) in
            RV32.li(10, fd) + RV32.li(11, 32) + RV32.li(12, 64 << 20) + RV32.li(5, 2) + [RV32.ecall]
        }
        let body = write(1) + write(2) + [RV32.addi(8, 8, -1)]
        let program = RV32.li(8, 1000) + body + [RV32.bne(8, 0, -Int32(body.count * 4))] + RV32.halt
        let limits = ExecutionLimits(
            deadline: Self.guardDeadline,
            checkInterval: 1,
            requirePublicValuesDigest: false,
            maxOutputBytes: 100
        )
        let (_, outcome) = try TestSupport.runProgram(program, limits: limits)
        let result = try outcome.get()
        #expect(result.stdout == [UInt8](repeating: 0, count: 100))
        #expect(result.stderr == [UInt8](repeating: 0, count: 100))
    }

    @Test("H1: a huge stdout WRITE that starts with a cycle-tracker command is swallowed without being copied")
    func hugeCycleTrackerCommand() throws {
        let data = Array("cycle-tracker-start: main\nhello".utf8)
        let command = SyscallTests.ecall(2, 1, TestELF.dataBase, 0x1000_0000)
        let hello = SyscallTests.ecall(2, 1, TestELF.dataBase + UInt32(data.count - 5), 5)
        let program = command + hello + RV32.halt
        let limits = ExecutionLimits(deadline: Self.guardDeadline, requirePublicValuesDigest: false)
        let (_, outcome) = try TestSupport.runProgram(program, data: data, limits: limits)
        #expect(try outcome.get().stdoutText == "hello")
    }

    @Test("H1/H2: the undo-log loop stops at the unconstrained budget (the cycle limit) with a short log")
    func undoLogLoopStopsAtTheBudget() throws {
        let progress = ExecutionProgress()
        var limits = ExecutionLimits(maxCycles: 10, maxMemoryBytes: 1 << 20, timeout: .seconds(1))
        limits.progress = progress
        let (machine, outcome) = try TestSupport.runProgram(Self.unconstrainedStoreLoop, limits: limits)
        let error = try #require(outcome.failure)
        #expect(error.code == .cycleLimitExceeded, "\(error)")
        #expect(error.message.contains("unconstrained"))
        #expect(error.cycles == 1)
        #expect(machine.unconstrainedInstructions == 11)
        #expect((machine.snapshot?.undoLog.count ?? 0) <= 6)
        #expect(progress.cycles == 1)
        #expect(progress.unconstrainedInstructions == 11, "the final counts are published for charging")
    }

    @Test("H1: without a cycle limit the undo log stops at maxUndoLogBytes")
    func undoLogLimit() throws {
        let limits = ExecutionLimits(maxMemoryBytes: 1 << 20, deadline: Self.guardDeadline, maxUndoLogBytes: 1 << 20)
        let (machine, outcome) = try TestSupport.runProgram(Self.unconstrainedStoreLoop, limits: limits)
        let error = try #require(outcome.failure)
        #expect(error.code == .memoryLimitExceeded, "\(error)")
        #expect(error.message.contains("undo log"))
        #expect(error.pc == TestELF.textBase + 8, "the store that did not fit")
        let entries = (1 << 20) / 8
        #expect(machine.snapshot?.undoLog.count == entries)
        #expect(machine.unconstrainedInstructions == UInt64(1 + 2 * entries), "ENTER, then (sw, jal) per entry")
    }

    /// `addi t0,x0,3; ecall (ENTER); beq t0,x0,exit; nop × count; addi t0,x0,4; ecall (EXIT)`, exit: HALT. The
    /// block runs `count + 3` unconstrained instructions (ENTER, the BEQ, the NOPs, the ADDI; EXIT is a cycle).
    static func block(nops count: Int) -> [UInt32] {
        let inside = [UInt32](repeating: RV32.addi(0, 0, 0), count: count) + [RV32.addi(5, 0, 4), RV32.ecall]
        return [RV32.addi(5, 0, 3), RV32.ecall, RV32.beq(5, 0, Int32(inside.count + 1) * 4)] + inside + RV32.halt
    }

    @Test("H2: the unconstrained budget is exact, separate from the cycle limit, and reported")
    func unconstrainedBudget() throws {
        let exact = ExecutionLimits(maxUnconstrainedInstructions: 103, requirePublicValuesDigest: false)
        let (_, fits) = try TestSupport.runProgram(Self.block(nops: 100), limits: exact)
        let result = try fits.get()
        #expect(result.unconstrainedInstructions == 103)
        #expect(result.cycles == 6, "addi, ENTER..EXIT as one, beq, halt (3)")
        var over = exact
        over.maxUnconstrainedInstructions = 102
        let (_, failed) = try TestSupport.runProgram(Self.block(nops: 100), limits: over)
        #expect(failed.failure?.code == .cycleLimitExceeded)
        // maxCycles is the default budget; an explicit one replaces it either way.
        let byCycles = ExecutionLimits(maxCycles: 102, requirePublicValuesDigest: false)
        let (_, stopped) = try TestSupport.runProgram(Self.block(nops: 100), limits: byCycles)
        #expect(stopped.failure?.code == .cycleLimitExceeded)
        let widened = ExecutionLimits(maxCycles: 6, maxUnconstrainedInstructions: 103, requirePublicValuesDigest: false)
        #expect(try TestSupport.runProgram(Self.block(nops: 100), limits: widened).1.get().cycles == 6)
    }

    @Test("a syscall that uses up the check interval leaves the next run of the loop bounded by the cycle limit")
    func budgetAfterSyscall() throws {
        // checkInterval 2: ADDI, then the ECALL (HINT_LEN) takes the countdown to 0. The old driver then ran the
        // loop with a budget of 0, i.e. unbounded, through the 20 M-instruction countdown to HALT, past the limit.
        let countdown = RV32.li(8, 10_000_000) + [RV32.addi(8, 8, -1), RV32.bne(8, 0, -4)]
        let program = [RV32.addi(5, 0, 0xF0), RV32.ecall] + countdown + RV32.halt
        let limits = ExecutionLimits(maxCycles: 100, checkInterval: 2, requirePublicValuesDigest: false)
        let (_, outcome) = try TestSupport.runProgram(program, limits: limits)
        let error = try #require(outcome.failure)
        #expect(error.code == .cycleLimitExceeded)
        #expect(error.cycles == 101)
    }

    @Test("the production default memory limit refuses a 1.5 GiB image that SP1 would load")
    func defaultMemoryLimit() throws {
        var elf = TestELF.program(RV32.halt, data: [1, 2, 3, 4])
        elf.segments[1].memorySize = 0x6000_0000
        let executor = try Executor(elf: elf.bytes)
        let error = try #require(throws: ExecutorError.self) { try executor.run(buffers: []) }
        #expect(error.code == .memoryLimitExceeded)
    }

    @Test("C6: the decoded instruction table is aligned for the interpreter's 8-byte loads", arguments: 1...9)
    func tableAlignment(instructions: Int) throws {
        let text = [UInt32](repeating: RV32.addi(0, 0, 0), count: instructions) + RV32.halt
        let program = try GuestProgram(elf: TestELF.program(text).bytes)
        #expect(UInt(bitPattern: program.storage.code) % UInt(ProgramStorage.alignment) == 0)
        #expect(ProgramStorage.alignment >= MemoryLayout<UInt64>.alignment)
        #expect(MemoryLayout<DecodedInstruction>.stride == 8)
    }
}
