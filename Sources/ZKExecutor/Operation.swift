/// The dense opcode of a ``DecodedInstruction``; the interpreter switches over it.
///
/// SP1 (succinctlabs/sp1 v5.2.4 `crates/core/executor/src/disassembler/rrs.rs`) transpiles RV32IM into its own
/// opcodes: LUI becomes an ADD of immediates, AUIPC adds the pc, CSR instructions, FENCE, MRET and WFI become
/// UNIMP. Here LUI and AUIPC both become ``loadImmediate`` (the pc is known at decode time), ALU instructions
/// writing x0 become ``nop``, and branches or jumps whose target leaves the text segment or is not a multiple of 4
/// become ``slowControl``.
enum Operation: UInt8, Sendable {
    case add, sub, xor, or, and, sll, srl, sra, slt, sltu
    case addi, xori, ori, andi, slli, srli, srai, slti, sltiu
    case loadImmediate
    case mul, mulh, mulhsu, mulhu, div, divu, rem, remu
    case lb, lh, lw, lbu, lhu
    case sb, sh, sw
    case beq, bne, blt, bge, bltu, bgeu
    case jal, jalr
    case ecall, ebreak
    /// An instruction SP1 transpiles to UNIMP or cannot decode.
    case illegal
    /// An ALU instruction whose destination is x0: no effect, but still a cycle.
    case nop
    /// A branch or JAL whose target is outside the text segment or misaligned; handled off the hot path.
    case slowControl
    /// The slot after the last instruction: the program counter left the text segment, SP1's normal end.
    case exitText

    /// A branch or JAL: decoded with an absolute target address that ``ProgramStorage`` resolves.
    var hasDirectTarget: Bool {
        switch self {
        case .beq, .bne, .blt, .bge, .bltu, .bgeu, .jal: true
        default: false
        }
    }
}
