/// Encodes RV32IM instructions for hand-written test programs (straight from the RISC-V unprivileged spec).
enum RV32 {
    static func r(_ funct7: UInt32, _ rs2: UInt32, _ rs1: UInt32, _ funct3: UInt32, _ rd: UInt32, _ opcode: UInt32)
        -> UInt32
    {
        funct7 << 25 | rs2 << 20 | rs1 << 15 | funct3 << 12 | rd << 7 | opcode
    }

    static func i(_ imm: Int32, _ rs1: UInt32, _ funct3: UInt32, _ rd: UInt32, _ opcode: UInt32) -> UInt32 {
        (UInt32(bitPattern: imm) & 0xFFF) << 20 | rs1 << 15 | funct3 << 12 | rd << 7 | opcode
    }

    static func s(_ imm: Int32, _ rs2: UInt32, _ rs1: UInt32, _ funct3: UInt32) -> UInt32 {
        let value = UInt32(bitPattern: imm) & 0xFFF
        return (value >> 5) << 25 | rs2 << 20 | rs1 << 15 | funct3 << 12 | (value & 31) << 7 | 0x23
    }

    static func b(_ offset: Int32, _ rs2: UInt32, _ rs1: UInt32, _ funct3: UInt32) -> UInt32 {
        let value = UInt32(bitPattern: offset)
        let high = ((value >> 12) & 1) << 31 | ((value >> 5) & 0x3F) << 25
        let low = ((value >> 1) & 0xF) << 8 | ((value >> 11) & 1) << 7
        return high | rs2 << 20 | rs1 << 15 | funct3 << 12 | low | 0x63
    }

    static func add(_ rd: UInt32, _ rs1: UInt32, _ rs2: UInt32) -> UInt32 { r(0, rs2, rs1, 0, rd, 0x33) }
    static func sub(_ rd: UInt32, _ rs1: UInt32, _ rs2: UInt32) -> UInt32 { r(0x20, rs2, rs1, 0, rd, 0x33) }
    static func sll(_ rd: UInt32, _ rs1: UInt32, _ rs2: UInt32) -> UInt32 { r(0, rs2, rs1, 1, rd, 0x33) }
    static func slt(_ rd: UInt32, _ rs1: UInt32, _ rs2: UInt32) -> UInt32 { r(0, rs2, rs1, 2, rd, 0x33) }
    static func sltu(_ rd: UInt32, _ rs1: UInt32, _ rs2: UInt32) -> UInt32 { r(0, rs2, rs1, 3, rd, 0x33) }
    static func xor(_ rd: UInt32, _ rs1: UInt32, _ rs2: UInt32) -> UInt32 { r(0, rs2, rs1, 4, rd, 0x33) }
    static func srl(_ rd: UInt32, _ rs1: UInt32, _ rs2: UInt32) -> UInt32 { r(0, rs2, rs1, 5, rd, 0x33) }
    static func sra(_ rd: UInt32, _ rs1: UInt32, _ rs2: UInt32) -> UInt32 { r(0x20, rs2, rs1, 5, rd, 0x33) }
    static func or(_ rd: UInt32, _ rs1: UInt32, _ rs2: UInt32) -> UInt32 { r(0, rs2, rs1, 6, rd, 0x33) }
    static func and(_ rd: UInt32, _ rs1: UInt32, _ rs2: UInt32) -> UInt32 { r(0, rs2, rs1, 7, rd, 0x33) }
    static func mul(_ rd: UInt32, _ rs1: UInt32, _ rs2: UInt32) -> UInt32 { r(1, rs2, rs1, 0, rd, 0x33) }
    static func mulh(_ rd: UInt32, _ rs1: UInt32, _ rs2: UInt32) -> UInt32 { r(1, rs2, rs1, 1, rd, 0x33) }
    static func mulhsu(_ rd: UInt32, _ rs1: UInt32, _ rs2: UInt32) -> UInt32 { r(1, rs2, rs1, 2, rd, 0x33) }
    static func mulhu(_ rd: UInt32, _ rs1: UInt32, _ rs2: UInt32) -> UInt32 { r(1, rs2, rs1, 3, rd, 0x33) }
    static func div(_ rd: UInt32, _ rs1: UInt32, _ rs2: UInt32) -> UInt32 { r(1, rs2, rs1, 4, rd, 0x33) }
    static func divu(_ rd: UInt32, _ rs1: UInt32, _ rs2: UInt32) -> UInt32 { r(1, rs2, rs1, 5, rd, 0x33) }
    static func rem(_ rd: UInt32, _ rs1: UInt32, _ rs2: UInt32) -> UInt32 { r(1, rs2, rs1, 6, rd, 0x33) }
    static func remu(_ rd: UInt32, _ rs1: UInt32, _ rs2: UInt32) -> UInt32 { r(1, rs2, rs1, 7, rd, 0x33) }

    static func addi(_ rd: UInt32, _ rs1: UInt32, _ imm: Int32) -> UInt32 { i(imm, rs1, 0, rd, 0x13) }
    static func slti(_ rd: UInt32, _ rs1: UInt32, _ imm: Int32) -> UInt32 { i(imm, rs1, 2, rd, 0x13) }
    static func sltiu(_ rd: UInt32, _ rs1: UInt32, _ imm: Int32) -> UInt32 { i(imm, rs1, 3, rd, 0x13) }
    static func xori(_ rd: UInt32, _ rs1: UInt32, _ imm: Int32) -> UInt32 { i(imm, rs1, 4, rd, 0x13) }
    static func ori(_ rd: UInt32, _ rs1: UInt32, _ imm: Int32) -> UInt32 { i(imm, rs1, 6, rd, 0x13) }
    static func andi(_ rd: UInt32, _ rs1: UInt32, _ imm: Int32) -> UInt32 { i(imm, rs1, 7, rd, 0x13) }
    static func slli(_ rd: UInt32, _ rs1: UInt32, _ shamt: UInt32) -> UInt32 { r(0, shamt, rs1, 1, rd, 0x13) }
    static func srli(_ rd: UInt32, _ rs1: UInt32, _ shamt: UInt32) -> UInt32 { r(0, shamt, rs1, 5, rd, 0x13) }
    static func srai(_ rd: UInt32, _ rs1: UInt32, _ shamt: UInt32) -> UInt32 { r(0x20, shamt, rs1, 5, rd, 0x13) }

    static func lb(_ rd: UInt32, _ rs1: UInt32, _ imm: Int32) -> UInt32 { i(imm, rs1, 0, rd, 0x03) }
    static func lh(_ rd: UInt32, _ rs1: UInt32, _ imm: Int32) -> UInt32 { i(imm, rs1, 1, rd, 0x03) }
    static func lw(_ rd: UInt32, _ rs1: UInt32, _ imm: Int32) -> UInt32 { i(imm, rs1, 2, rd, 0x03) }
    static func lbu(_ rd: UInt32, _ rs1: UInt32, _ imm: Int32) -> UInt32 { i(imm, rs1, 4, rd, 0x03) }
    static func lhu(_ rd: UInt32, _ rs1: UInt32, _ imm: Int32) -> UInt32 { i(imm, rs1, 5, rd, 0x03) }
    static func sb(_ rs2: UInt32, _ rs1: UInt32, _ imm: Int32) -> UInt32 { s(imm, rs2, rs1, 0) }
    static func sh(_ rs2: UInt32, _ rs1: UInt32, _ imm: Int32) -> UInt32 { s(imm, rs2, rs1, 1) }
    static func sw(_ rs2: UInt32, _ rs1: UInt32, _ imm: Int32) -> UInt32 { s(imm, rs2, rs1, 2) }

    static func beq(_ rs1: UInt32, _ rs2: UInt32, _ offset: Int32) -> UInt32 { b(offset, rs2, rs1, 0) }
    static func bne(_ rs1: UInt32, _ rs2: UInt32, _ offset: Int32) -> UInt32 { b(offset, rs2, rs1, 1) }
    static func blt(_ rs1: UInt32, _ rs2: UInt32, _ offset: Int32) -> UInt32 { b(offset, rs2, rs1, 4) }
    static func bge(_ rs1: UInt32, _ rs2: UInt32, _ offset: Int32) -> UInt32 { b(offset, rs2, rs1, 5) }
    static func bltu(_ rs1: UInt32, _ rs2: UInt32, _ offset: Int32) -> UInt32 { b(offset, rs2, rs1, 6) }
    static func bgeu(_ rs1: UInt32, _ rs2: UInt32, _ offset: Int32) -> UInt32 { b(offset, rs2, rs1, 7) }

    static func lui(_ rd: UInt32, _ upper: UInt32) -> UInt32 { (upper << 12) | rd << 7 | 0x37 }
    static func auipc(_ rd: UInt32, _ upper: UInt32) -> UInt32 { (upper << 12) | rd << 7 | 0x17 }
    static func jal(_ rd: UInt32, _ offset: Int32) -> UInt32 {
        let value = UInt32(bitPattern: offset)
        let imm = ((value >> 20) & 1) << 31 | ((value >> 1) & 0x3FF) << 21 | ((value >> 11) & 1) << 20
            | ((value >> 12) & 0xFF) << 12
        return imm | rd << 7 | 0x6F
    }
    static func jalr(_ rd: UInt32, _ rs1: UInt32, _ imm: Int32) -> UInt32 { i(imm, rs1, 0, rd, 0x67) }
    static let ecall: UInt32 = 0x0000_0073
    static let ebreak: UInt32 = 0x0010_0073

    /// Loads any 32-bit constant into `rd` (LUI + ADDI).
    static func li(_ rd: UInt32, _ value: UInt32) -> [UInt32] {
        let low = Int32(bitPattern: value << 20) >> 20
        let high = (value &- UInt32(bitPattern: low)) >> 12
        return [lui(rd, high), addi(rd, rd, low)]
    }

    /// HALT with exit code 0 (t0 = 0, a0 = 0, ecall).
    static let halt: [UInt32] = [addi(5, 0, 0), addi(10, 0, 0), ecall]
}
