import ZKCrypto

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The state of one guest run: registers, memory, input and output, cycle counters. Used by one thread only.
///
/// Cycle accounting follows SP1 v5 (succinctlabs/sp1 v5.2.4 `crates/core/executor/src/executor.rs`,
/// `execute_cycle`, and `crates/core/executor/src/syscalls/unconstrained.rs`): `global_clk` grows by one after
/// each instruction that completes, ecalls included; ENTER_UNCONSTRAINED saves `global_clk`, registers and pc,
/// and EXIT_UNCONSTRAINED restores them (memory too) and resumes after the ENTER, so a whole unconstrained block
/// costs exactly one cycle. The cycle limit is checked only outside unconstrained blocks, after each instruction.
final class GuestMachine {
    /// What ENTER_UNCONSTRAINED saved.
    struct Snapshot {
        var registers: [UInt32]
        var ip: Int
        var cycles: UInt64
        /// (word address, previous word) for every store inside the block, in order.
        var undoLog: [(UInt32, UInt32)]
    }

    let program: GuestProgram
    let limits: ExecutionLimits
    let memory: GuestMemory
    /// x0 ... x31 plus the scratch slot 32 that absorbs writes to x0.
    let registers: UnsafeMutablePointer<UInt32>
    /// Index of the next instruction.
    var ip: Int
    /// Completed cycles, SP1's count.
    var cycles: UInt64 = 0
    /// Instructions executed inside unconstrained blocks.
    var unconstrainedInstructions: UInt64 = 0
    /// Instructions left before the next look at the deadline and cancellation.
    var untilCheck: UInt64
    var snapshot: Snapshot?
    /// Input buffers, the next one last (so hints can be pushed to the front cheaply).
    var inputStack: [[UInt8]]
    var publicValues: [UInt8] = []
    var stdout: [UInt8] = []
    var stderr: [UInt8] = []
    var committedDigest = [UInt32](repeating: 0, count: 8)
    var deferredProofsDigest = [UInt32](repeating: 0, count: 8)
    var exitCode: UInt32 = 0

    init(program: GuestProgram, input: [[UInt8]], limits: ExecutionLimits) throws(ExecutorError) {
        self.program = program
        self.limits = limits
        memory = try GuestMemory(maxBytes: limits.maxMemoryBytes)
        registers = .allocate(capacity: 33)
        registers.initialize(repeating: 0, count: 33)
        ip = Int((program.entry &- program.textBase) >> 2)
        untilCheck = limits.checkInterval
        inputStack = input.reversed()
        for segment in program.segments {
            let span = max(UInt64(segment.memorySize), UInt64(segment.bytes.count))
            guard memory.touch(start: segment.address, count: span) else {
                throw ExecutorError(
                    code: .memoryLimitExceeded,
                    message: "the ELF image needs more than the memory limit of \(limits.maxMemoryBytes ?? 0) bytes"
                )
            }
            memory.copy(segment.bytes, to: segment.address)
        }
    }

    deinit {
        registers.deallocate()
    }

    /// The program counter of instruction `index`.
    func pc(of index: Int) -> UInt32 {
        program.textBase &+ UInt32(truncatingIfNeeded: index) &* 4
    }

    /// An error at the current instruction.
    func failure(_ code: ExecutorError.Code, _ message: String) -> ExecutorError {
        ExecutorError(
            code: code,
            message: message,
            pc: pc(of: ip),
            cycles: cycles,
            guestStderr: String(decoding: stderr.suffix(4096), as: UTF8.self)
        )
    }

    /// Runs the guest to its end.
    func run() throws(ExecutorError) -> ExecutionResult {
        try checkInterrupts()
        while true {
            // A syscall or slow control transfer can complete the last instruction before a check: check now, or
            // the budget below would be 0 and `interpret`, which needs at least 1, would run without any bound.
            if untilCheck == 0 { try checkInterrupts() }
            let inUnconstrained = snapshot != nil
            var budget = untilCheck
            if !inUnconstrained, let maxCycles = limits.maxCycles {
                // Stop right after the instruction that would exceed the limit.
                budget = min(budget, maxCycles >= cycles ? maxCycles - cycles + 1 : 1)
            }
            var executed = 0
            let exit =
                inUnconstrained
                ? interpret(UnconstrainedMode.self, budget: Int(clamping: budget), executed: &executed)
                : interpret(ConstrainedMode.self, budget: Int(clamping: budget), executed: &executed)
            account(UInt64(executed))
            switch exit {
            case .checkpoint:
                try checkCycleLimit()
                if untilCheck == 0 { try checkInterrupts() }
            case .exitedText:
                if snapshot != nil {
                    throw failure(.endedInUnconstrained, "the program ended inside an unconstrained block")
                }
                return try finish()
            case .ecall:
                if try executeSyscall() { return try finish() }
            case .slowControl:
                if try executeSlowControl() { return try finish() }
            case .fault(let fault, let address):
                throw describe(fault, address: address)
            }
        }
    }

    /// Adds `count` completed instructions to the right counter.
    func account(_ count: UInt64) {
        if snapshot == nil {
            cycles &+= count
        } else {
            unconstrainedInstructions &+= count
        }
        untilCheck = untilCheck > count ? untilCheck - count : 0
    }

    /// SP1 fails as soon as `global_clk` exceeds the limit outside unconstrained blocks.
    func checkCycleLimit() throws(ExecutorError) {
        if snapshot == nil, let maxCycles = limits.maxCycles, cycles > maxCycles {
            throw failure(.cycleLimitExceeded, "exceeded cycle limit of \(maxCycles)")
        }
    }

    /// Publishes the cycle count, looks at the deadline and the cancellation flags, then re-arms the countdown.
    func checkInterrupts() throws(ExecutorError) {
        untilCheck = limits.checkInterval
        limits.progress?.record(cycles)
        if let deadline = limits.deadline, ContinuousClock.now >= deadline {
            throw failure(.deadlineExceeded, "the run passed its deadline")
        }
        if limits.cancellation?.isCancelled == true {
            throw failure(.cancelled, "the run was cancelled")
        }
    }

    /// Records the word holding `address` before an unconstrained store changes it.
    @inline(never)
    func logStore(_ address: UInt32) {
        let word = address & ~3
        snapshot?.undoLog.append((word, memory.word(at: word)))
    }

    /// A branch or JAL whose target is outside the text segment (taken: SP1's normal end) or misaligned, as decoded
    /// once into ``ProgramStorage/slowControl``.
    func executeSlowControl() throws(ExecutorError) -> Bool {
        guard let instruction = program.storage.slowControl[ip] else {
            preconditionFailure("instruction \(ip) is not a slow control transfer")
        }
        let target = instruction.imm
        let targetInText = target &- program.textBase < UInt32(truncatingIfNeeded: program.instructionCount) &* 4
        if instruction.operation == .jal {
            if targetInText {
                throw failure(.misalignedInstructionAddress, "jump target 0x\(hex(target)) is not a multiple of 4")
            }
            registers[Int(instruction.rd)] = pc(of: ip) &+ 4
        } else {
            let rs1 = registers[Int(instruction.rs1)]
            let rs2 = registers[Int(instruction.rs2)]
            guard Self.isTaken(instruction.operation, rs1, rs2) else {
                ip += 1
                account(1)
                try checkCycleLimit()
                return false
            }
            if targetInText {
                throw failure(.misalignedInstructionAddress, "branch target 0x\(hex(target)) is not a multiple of 4")
            }
        }
        // The target is outside the text segment: the instruction completes and the program ends.
        account(1)
        try checkCycleLimit()
        if snapshot != nil {
            throw failure(.endedInUnconstrained, "the program ended inside an unconstrained block")
        }
        return true
    }

    /// Whether the branch `operation` is taken for the operands `rs1` and `rs2`.
    private static func isTaken(_ operation: Operation, _ rs1: UInt32, _ rs2: UInt32) -> Bool {
        switch operation {
        case .beq: rs1 == rs2
        case .bne: rs1 != rs2
        case .blt: Int32(bitPattern: rs1) < Int32(bitPattern: rs2)
        case .bge: Int32(bitPattern: rs1) >= Int32(bitPattern: rs2)
        case .bltu: rs1 < rs2
        case .bgeu: rs1 >= rs2
        default: preconditionFailure("\(operation) is not a branch")
        }
    }

    /// The error for a fault reported by the hot loop.
    func describe(_ fault: LoopExit.Fault, address: UInt32) -> ExecutorError {
        switch fault {
        case .invalidLoad:
            return failure(.invalidMemoryAccess, "load from invalid address 0x\(hex(address))")
        case .invalidStore:
            return failure(.invalidMemoryAccess, "store to invalid address 0x\(hex(address))")
        case .misalignedLoad:
            return failure(.misalignedMemoryAccess, "misaligned load from 0x\(hex(address))")
        case .misalignedStore:
            return failure(.misalignedMemoryAccess, "misaligned store to 0x\(hex(address))")
        case .memoryLimit:
            return failure(
                .memoryLimitExceeded,
                "store to 0x\(hex(address)) exceeds the memory limit of \(limits.maxMemoryBytes ?? 0) bytes"
            )
        case .illegal:
            return failure(.illegalInstruction, InstructionDecoder.illegalReason(program.storage.words[ip]))
        case .breakpoint:
            return failure(.breakpoint, "breakpoint (EBREAK) encountered")
        case .misalignedJump:
            return failure(.misalignedInstructionAddress, "jump target 0x\(hex(address)) is not a multiple of 4")
        }
    }

    /// Builds the result of a run that ended normally.
    func finish() throws(ExecutorError) -> ExecutionResult {
        var digest: [UInt8] = []
        digest.reserveCapacity(32)
        for word in committedDigest {
            for shift in stride(from: 0, to: 32, by: 8) { digest.append(UInt8(truncatingIfNeeded: word >> UInt32(shift))) }
        }
        let matches = digest == SHA256.hash(publicValues)
        if limits.requirePublicValuesDigest, !matches {
            throw failure(
                .publicValuesDigestMismatch,
                "the committed digest is not the SHA-256 of the \(publicValues.count) bytes of public values"
            )
        }
        return ExecutionResult(
            exitCode: exitCode,
            publicValues: publicValues,
            publicValuesDigest: digest,
            publicValuesDigestMatches: matches,
            deferredProofsDigest: deferredProofsDigest,
            cycles: cycles,
            unconstrainedInstructions: unconstrainedInstructions,
            stdout: stdout,
            stderr: stderr,
            memoryBytesTouched: memory.bytesTouched,
            unreadInputBuffers: inputStack.count
        )
    }
}
