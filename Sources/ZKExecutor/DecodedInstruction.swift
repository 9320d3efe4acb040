/// One pre-decoded instruction: 8 bytes, indexed by `(pc - textBase) / 4`.
///
/// Register numbers are slots in the interpreter's register file: a destination x0 is redirected to a scratch
/// slot 32, so x0 always reads 0 without a check. For branches and JAL, ``imm`` holds the absolute target address
/// as decoded (and in ``ProgramStorage/slowControl``) and the target's instruction index in the interpreter's table;
/// for ``Operation/loadImmediate`` the value to load; otherwise the sign-extended immediate.
struct DecodedInstruction: Sendable, Hashable {
    var operation: Operation
    var rd: UInt8
    var rs1: UInt8
    var rs2: UInt8
    var imm: UInt32

    init(_ operation: Operation, rd: UInt32 = 0, rs1: UInt32 = 0, rs2: UInt32 = 0, imm: UInt32 = 0) {
        self.operation = operation
        self.rd = rd == 0 ? UInt8(Self.sinkRegister) : UInt8(truncatingIfNeeded: rd)
        self.rs1 = UInt8(truncatingIfNeeded: rs1)
        self.rs2 = UInt8(truncatingIfNeeded: rs2)
        self.imm = imm
    }

    /// The scratch register slot that absorbs writes to x0.
    static let sinkRegister: Int = 32
}
