/// Why the interpreter loop returned to the driver.
enum LoopExit {
    /// The instruction budget ran out; `ip` is the next instruction.
    case checkpoint
    /// The program counter left the text segment (SP1's normal end when not in an unconstrained block).
    case exitedText
    /// `ip` is an ECALL, not yet executed.
    case ecall
    /// `ip` is a branch or JAL whose target leaves the text segment or is misaligned, not yet executed.
    case slowControl
    /// The instruction at `ip` failed; it was not executed.
    case fault(Fault, address: UInt32)

    /// A failure inside the hot loop, turned into an ``ExecutorError`` by the driver.
    enum Fault {
        case invalidLoad, invalidStore, misalignedLoad, misalignedStore, memoryLimit, undoLogLimit
        case illegal, breakpoint, misalignedJump
    }
}
