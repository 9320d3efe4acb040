/// Why a guest run (or loading a guest) failed.
///
/// Every failure of ``Executor/run(input:limits:)`` and ``GuestProgram/init(elf:)`` is an `ExecutorError`: the
/// executor never traps on any ELF or input, and every host buffer a guest can grow is bounded by an
/// ``ExecutionLimits`` field whose excess is one of these errors. Match on ``code`` (stable, numeric on the wire);
/// ``message`` is for humans only.
///
/// ``pc`` is the address of the instruction that failed (or `nil` when no instruction was involved, e.g. ELF or
/// input errors), and ``cycles`` is the number of cycles, counted as SP1 counts them, that completed before the
/// failure: the failing instruction itself is not counted, like SP1's `global_clk`, which is only incremented after
/// an instruction succeeds (succinctlabs/sp1 v5.2.4 `crates/core/executor/src/executor.rs`, `execute_cycle`).
public struct ExecutorError: Error, Sendable, Hashable {
    /// What went wrong, as a stable code.
    public var code: Code

    /// A description of the failure for humans; not stable, do not match on it.
    public var message: String

    /// The program counter of the failing instruction, when the failure happened while executing.
    public var pc: UInt32?

    /// Cycles completed before the failure (SP1's count: one per executed constrained instruction).
    public var cycles: UInt64

    /// What the guest had written to stderr (fd 2) before the failure, e.g. its panic message.
    public var guestStderr: String

    /// Creates an error.
    public init(code: Code, message: String, pc: UInt32? = nil, cycles: UInt64 = 0, guestStderr: String = "") {
        self.code = code
        self.message = message
        self.pc = pc
        self.cycles = cycles
        self.guestStderr = guestStderr
    }
}

extension ExecutorError: CustomStringConvertible {
    public var description: String {
        var text = "ExecutorError(\(code)): \(message)"
        if let pc {
            text += " [pc=0x\(String(pc, radix: 16)) cycles=\(cycles)]"
        }
        if !guestStderr.isEmpty {
            text += " [guest stderr: \(guestStderr.trailingLines(4))]"
        }
        return text
    }
}

extension String {
    /// The last `count` non-empty lines, joined with " | ".
    fileprivate func trailingLines(_ count: Int) -> String {
        split(separator: "\n", omittingEmptySubsequences: true).suffix(count).joined(separator: " | ")
    }
}
