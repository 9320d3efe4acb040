/// Decodes RV32IM instruction words into ``DecodedInstruction``s.
///
/// The accepted set is RV32IM as SP1 v5 transpiles it (`crates/core/executor/src/disassembler/rrs.rs`): every
/// RV32I and M instruction, ECALL, EBREAK; CSR instructions, FENCE, MRET and WFI are UNIMP and become
/// ``Operation/illegal``, as does any word SP1 cannot decode (SP1 refuses to load such an ELF; here only executing
/// the word fails, which is what matters for data words in the text segment).
enum InstructionDecoder {
    /// Decodes `word` found at `pc`.
    ///
    /// Branches and JAL come out with their absolute target address in `imm`, decoded once here;
    /// ``ProgramStorage`` resolves it to an instruction index or sets the instruction aside for the slow path.
    static func decode(_ word: UInt32, pc: UInt32) -> DecodedInstruction {
        let opcode = word & 0x7F
        let rd = (word >> 7) & 31
        let funct3 = (word >> 12) & 7
        let rs1 = (word >> 15) & 31
        let rs2 = (word >> 20) & 31
        let funct7 = word >> 25
        let immI = UInt32(bitPattern: Int32(bitPattern: word) >> 20)
        switch opcode {
        case 0x37:
            return alu(.loadImmediate, rd: rd, imm: word & 0xFFFF_F000)
        case 0x17:
            return alu(.loadImmediate, rd: rd, imm: pc &+ (word & 0xFFFF_F000))
        case 0x6F:
            var imm = ((word >> 31) & 1) << 20
            imm |= ((word >> 21) & 0x3FF) << 1
            imm |= ((word >> 20) & 1) << 11
            imm |= ((word >> 12) & 0xFF) << 12
            return DecodedInstruction(.jal, rd: rd, imm: pc &+ signExtend(imm, bits: 21))
        case 0x67:
            guard funct3 == 0 else { return illegal }
            return DecodedInstruction(.jalr, rd: rd, rs1: rs1, imm: immI)
        case 0x63:
            let operation: Operation
            switch funct3 {
            case 0: operation = .beq
            case 1: operation = .bne
            case 4: operation = .blt
            case 5: operation = .bge
            case 6: operation = .bltu
            case 7: operation = .bgeu
            default: return illegal
            }
            var imm = ((word >> 31) & 1) << 12
            imm |= ((word >> 25) & 0x3F) << 5
            imm |= ((word >> 8) & 0xF) << 1
            imm |= ((word >> 7) & 1) << 11
            return DecodedInstruction(operation, rs1: rs1, rs2: rs2, imm: pc &+ signExtend(imm, bits: 13))
        case 0x03:
            let operation: Operation
            switch funct3 {
            case 0: operation = .lb
            case 1: operation = .lh
            case 2: operation = .lw
            case 4: operation = .lbu
            case 5: operation = .lhu
            default: return illegal
            }
            return DecodedInstruction(operation, rd: rd, rs1: rs1, imm: immI)
        case 0x23:
            let operation: Operation
            switch funct3 {
            case 0: operation = .sb
            case 1: operation = .sh
            case 2: operation = .sw
            default: return illegal
            }
            let imm = UInt32(bitPattern: (Int32(bitPattern: word) >> 25) << 5) | rd
            return DecodedInstruction(operation, rs1: rs1, rs2: rs2, imm: imm)
        case 0x13:
            switch funct3 {
            case 0: return alu(.addi, rd: rd, rs1: rs1, imm: immI)
            case 2: return alu(.slti, rd: rd, rs1: rs1, imm: immI)
            case 3: return alu(.sltiu, rd: rd, rs1: rs1, imm: immI)
            case 4: return alu(.xori, rd: rd, rs1: rs1, imm: immI)
            case 6: return alu(.ori, rd: rd, rs1: rs1, imm: immI)
            case 7: return alu(.andi, rd: rd, rs1: rs1, imm: immI)
            case 1: return funct7 == 0 ? alu(.slli, rd: rd, rs1: rs1, imm: rs2) : illegal
            default:
                if funct7 == 0 { return alu(.srli, rd: rd, rs1: rs1, imm: rs2) }
                if funct7 == 0x20 { return alu(.srai, rd: rd, rs1: rs1, imm: rs2) }
                return illegal
            }
        case 0x33:
            let operation: Operation
            switch (funct7, funct3) {
            case (0, 0): operation = .add
            case (0x20, 0): operation = .sub
            case (0, 1): operation = .sll
            case (0, 2): operation = .slt
            case (0, 3): operation = .sltu
            case (0, 4): operation = .xor
            case (0, 5): operation = .srl
            case (0x20, 5): operation = .sra
            case (0, 6): operation = .or
            case (0, 7): operation = .and
            case (1, 0): operation = .mul
            case (1, 1): operation = .mulh
            case (1, 2): operation = .mulhsu
            case (1, 3): operation = .mulhu
            case (1, 4): operation = .div
            case (1, 5): operation = .divu
            case (1, 6): operation = .rem
            case (1, 7): operation = .remu
            default: return illegal
            }
            return alu(operation, rd: rd, rs1: rs1, rs2: rs2)
        case 0x73:
            if word == 0x0000_0073 { return DecodedInstruction(.ecall) }
            if word == 0x0010_0073 { return DecodedInstruction(.ebreak) }
            return illegal
        default:
            return illegal
        }
    }

    /// A human-readable reason why `word` is illegal for SP1.
    static func illegalReason(_ word: UInt32) -> String {
        let opcode = word & 0x7F
        if opcode == 0x73 {
            return "CSR/MRET/WFI instruction 0x\(hex(word)) (SP1 transpiles it to UNIMP)"
        }
        if opcode == 0x0F {
            return "FENCE instruction 0x\(hex(word)) (SP1 transpiles it to UNIMP)"
        }
        return "illegal instruction word 0x\(hex(word)) (not RV32IM)"
    }

    private static let illegal = DecodedInstruction(.illegal)

    /// An ALU instruction; one writing x0 has no effect and becomes a ``Operation/nop``.
    private static func alu(
        _ operation: Operation,
        rd: UInt32,
        rs1: UInt32 = 0,
        rs2: UInt32 = 0,
        imm: UInt32 = 0
    ) -> DecodedInstruction {
        if rd == 0 { return DecodedInstruction(.nop) }
        return DecodedInstruction(operation, rd: rd, rs1: rs1, rs2: rs2, imm: imm)
    }

    private static func signExtend(_ value: UInt32, bits: UInt32) -> UInt32 {
        let shift = 32 - bits
        return UInt32(bitPattern: Int32(bitPattern: value << shift) >> shift)
    }

    /// The instruction index of `target`, or `nil` when it is outside the text segment or misaligned.
    static func targetIndex(_ target: UInt32, textBase: UInt32, count: Int) -> UInt32? {
        let offset = target &- textBase
        guard offset & 3 == 0, UInt64(offset >> 2) < UInt64(count) else { return nil }
        return offset >> 2
    }
}

/// Lower-case hex digits of `value`, zero-padded to 8.
func hex(_ value: UInt32) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: max(0, 8 - digits.count)) + digits
}
