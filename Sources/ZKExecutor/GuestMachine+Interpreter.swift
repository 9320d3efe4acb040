extension GuestMachine {
    /// Runs at most `budget` (≥ 1) instructions from ``ip``, returning why it stopped; `executed` receives the
    /// number of instructions completed (an ECALL, slow control transfer or faulting instruction it stops at is not
    /// included).
    ///
    /// This is the hot loop: everything it touches is a local or a raw pointer, the switch is over a dense
    /// `UInt8` enum, x0 writes go to a scratch register slot, and the budget is a single countdown.
    @inline(never)
    func interpret<Mode: ExecutionMode>(_ mode: Mode.Type, budget: Int, executed: inout Int) -> LoopExit {
        let code = program.storage.code
        let regs = registers
        let mem = memory.base
        let touched = memory.touched
        let textBase = program.textBase
        let textBytes = UInt32(truncatingIfNeeded: program.instructionCount) &* 4
        let exitIndex = program.instructionCount
        var ip = self.ip
        var left = budget
        var exit = LoopExit.checkpoint
        loop: while true {
            // One aligned 8-byte load (ProgramStorage aligns the table to 16 bytes); fields are extracted with
            // shifts (little-endian layout of DecodedInstruction).
            let packed = UnsafeRawPointer(code + ip).load(as: UInt64.self)
            let rd = Int(truncatingIfNeeded: (packed &>> 8) & 0xFF)
            let rs1 = Int(truncatingIfNeeded: (packed &>> 16) & 0xFF)
            let rs2 = Int(truncatingIfNeeded: (packed &>> 24) & 0xFF)
            let imm = UInt32(truncatingIfNeeded: packed &>> 32)
            switch unsafeBitCast(UInt8(truncatingIfNeeded: packed), to: Operation.self) {
            case .add: regs[rd] = regs[rs1] &+ regs[rs2]
            case .sub: regs[rd] = regs[rs1] &- regs[rs2]
            case .xor: regs[rd] = regs[rs1] ^ regs[rs2]
            case .or: regs[rd] = regs[rs1] | regs[rs2]
            case .and: regs[rd] = regs[rs1] & regs[rs2]
            case .sll: regs[rd] = regs[rs1] &<< (regs[rs2] & 31)
            case .srl: regs[rd] = regs[rs1] &>> (regs[rs2] & 31)
            case .sra: regs[rd] = UInt32(bitPattern: Int32(bitPattern: regs[rs1]) &>> Int32(regs[rs2] & 31))
            case .slt: regs[rd] = Int32(bitPattern: regs[rs1]) < Int32(bitPattern: regs[rs2]) ? 1 : 0
            case .sltu: regs[rd] = regs[rs1] < regs[rs2] ? 1 : 0
            case .addi: regs[rd] = regs[rs1] &+ imm
            case .xori: regs[rd] = regs[rs1] ^ imm
            case .ori: regs[rd] = regs[rs1] | imm
            case .andi: regs[rd] = regs[rs1] & imm
            case .slli: regs[rd] = regs[rs1] &<< imm
            case .srli: regs[rd] = regs[rs1] &>> imm
            case .srai: regs[rd] = UInt32(bitPattern: Int32(bitPattern: regs[rs1]) &>> Int32(bitPattern: imm))
            case .slti: regs[rd] = Int32(bitPattern: regs[rs1]) < Int32(bitPattern: imm) ? 1 : 0
            case .sltiu: regs[rd] = regs[rs1] < imm ? 1 : 0
            case .loadImmediate: regs[rd] = imm
            case .mul: regs[rd] = regs[rs1] &* regs[rs2]
            case .mulh:
                let product = Int64(Int32(bitPattern: regs[rs1])) &* Int64(Int32(bitPattern: regs[rs2]))
                regs[rd] = UInt32(truncatingIfNeeded: product &>> 32)
            case .mulhsu:
                let product = Int64(Int32(bitPattern: regs[rs1])) &* Int64(regs[rs2])
                regs[rd] = UInt32(truncatingIfNeeded: product &>> 32)
            case .mulhu:
                regs[rd] = UInt32(truncatingIfNeeded: (UInt64(regs[rs1]) &* UInt64(regs[rs2])) &>> 32)
            case .div:
                let dividend = Int32(bitPattern: regs[rs1])
                let divisor = Int32(bitPattern: regs[rs2])
                if divisor == 0 {
                    regs[rd] = UInt32.max
                } else if divisor == -1 {
                    regs[rd] = UInt32(bitPattern: 0 &- dividend)
                } else {
                    regs[rd] = UInt32(bitPattern: dividend / divisor)
                }
            case .divu:
                let divisor = regs[rs2]
                regs[rd] = divisor == 0 ? UInt32.max : regs[rs1] / divisor
            case .rem:
                let dividend = Int32(bitPattern: regs[rs1])
                let divisor = Int32(bitPattern: regs[rs2])
                if divisor == 0 {
                    regs[rd] = UInt32(bitPattern: dividend)
                } else if divisor == -1 {
                    regs[rd] = 0
                } else {
                    regs[rd] = UInt32(bitPattern: dividend % divisor)
                }
            case .remu:
                let divisor = regs[rs2]
                regs[rd] = divisor == 0 ? regs[rs1] : regs[rs1] % divisor
            case .lb:
                let address = regs[rs1] &+ imm
                guard address &- 32 <= 0x77FF_FFE3 else {
                    exit = .fault(.invalidLoad, address: address)
                    break loop
                }
                regs[rd] = UInt32(bitPattern: Int32(mem.load(fromByteOffset: Int(address), as: Int8.self)))
            case .lbu:
                let address = regs[rs1] &+ imm
                guard address &- 32 <= 0x77FF_FFE3 else {
                    exit = .fault(.invalidLoad, address: address)
                    break loop
                }
                regs[rd] = UInt32(mem.load(fromByteOffset: Int(address), as: UInt8.self))
            case .lh:
                let address = regs[rs1] &+ imm
                guard address &- 32 <= 0x77FF_FFE3 else {
                    exit = .fault(.invalidLoad, address: address)
                    break loop
                }
                guard address & 1 == 0 else {
                    exit = .fault(.misalignedLoad, address: address)
                    break loop
                }
                regs[rd] = UInt32(bitPattern: Int32(mem.load(fromByteOffset: Int(address), as: Int16.self)))
            case .lhu:
                let address = regs[rs1] &+ imm
                guard address &- 32 <= 0x77FF_FFE3 else {
                    exit = .fault(.invalidLoad, address: address)
                    break loop
                }
                guard address & 1 == 0 else {
                    exit = .fault(.misalignedLoad, address: address)
                    break loop
                }
                regs[rd] = UInt32(mem.load(fromByteOffset: Int(address), as: UInt16.self))
            case .lw:
                let address = regs[rs1] &+ imm
                guard address &- 32 <= 0x77FF_FFE3 else {
                    exit = .fault(.invalidLoad, address: address)
                    break loop
                }
                guard address & 3 == 0 else {
                    exit = .fault(.misalignedLoad, address: address)
                    break loop
                }
                regs[rd] = mem.load(fromByteOffset: Int(address), as: UInt32.self)
            case .sb:
                let address = regs[rs1] &+ imm
                guard address &- 32 <= 0x77FF_FFE3 else {
                    exit = .fault(.invalidStore, address: address)
                    break loop
                }
                let page = Int(address &>> 12)
                if touched[page] == 0, !memory.touch(page: page) {
                    exit = .fault(.memoryLimit, address: address)
                    break loop
                }
                if Mode.isUnconstrained, !logStore(address) {
                    exit = .fault(.undoLogLimit, address: address)
                    break loop
                }
                mem.storeBytes(of: UInt8(truncatingIfNeeded: regs[rs2]), toByteOffset: Int(address), as: UInt8.self)
            case .sh:
                let address = regs[rs1] &+ imm
                guard address & 1 == 0 else {
                    exit = .fault(.misalignedStore, address: address)
                    break loop
                }
                guard address &- 32 <= 0x77FF_FFE3 else {
                    exit = .fault(.invalidStore, address: address)
                    break loop
                }
                let page = Int(address &>> 12)
                if touched[page] == 0, !memory.touch(page: page) {
                    exit = .fault(.memoryLimit, address: address)
                    break loop
                }
                if Mode.isUnconstrained, !logStore(address) {
                    exit = .fault(.undoLogLimit, address: address)
                    break loop
                }
                mem.storeBytes(of: UInt16(truncatingIfNeeded: regs[rs2]), toByteOffset: Int(address), as: UInt16.self)
            case .sw:
                let address = regs[rs1] &+ imm
                guard address & 3 == 0 else {
                    exit = .fault(.misalignedStore, address: address)
                    break loop
                }
                guard address &- 32 <= 0x77FF_FFE3 else {
                    exit = .fault(.invalidStore, address: address)
                    break loop
                }
                let page = Int(address &>> 12)
                if touched[page] == 0, !memory.touch(page: page) {
                    exit = .fault(.memoryLimit, address: address)
                    break loop
                }
                if Mode.isUnconstrained, !logStore(address) {
                    exit = .fault(.undoLogLimit, address: address)
                    break loop
                }
                mem.storeBytes(of: regs[rs2], toByteOffset: Int(address), as: UInt32.self)
            case .beq:
                ip = regs[rs1] == regs[rs2] ? Int(imm) : ip &+ 1
                left &-= 1
                if left == 0 { break loop }
                continue loop
            case .bne:
                ip = regs[rs1] != regs[rs2] ? Int(imm) : ip &+ 1
                left &-= 1
                if left == 0 { break loop }
                continue loop
            case .blt:
                ip = Int32(bitPattern: regs[rs1]) < Int32(bitPattern: regs[rs2]) ? Int(imm) : ip &+ 1
                left &-= 1
                if left == 0 { break loop }
                continue loop
            case .bge:
                ip = Int32(bitPattern: regs[rs1]) >= Int32(bitPattern: regs[rs2]) ? Int(imm) : ip &+ 1
                left &-= 1
                if left == 0 { break loop }
                continue loop
            case .bltu:
                ip = regs[rs1] < regs[rs2] ? Int(imm) : ip &+ 1
                left &-= 1
                if left == 0 { break loop }
                continue loop
            case .bgeu:
                ip = regs[rs1] >= regs[rs2] ? Int(imm) : ip &+ 1
                left &-= 1
                if left == 0 { break loop }
                continue loop
            case .jal:
                regs[rd] = textBase &+ (UInt32(truncatingIfNeeded: ip) &+ 1) &* 4
                ip = Int(imm)
                left &-= 1
                if left == 0 { break loop }
                continue loop
            case .jalr:
                let target = regs[rs1] &+ imm
                let offset = target &- textBase
                if offset >= textBytes {
                    regs[rd] = textBase &+ (UInt32(truncatingIfNeeded: ip) &+ 1) &* 4
                    ip = exitIndex
                } else if offset & 3 != 0 {
                    exit = .fault(.misalignedJump, address: target)
                    break loop
                } else {
                    regs[rd] = textBase &+ (UInt32(truncatingIfNeeded: ip) &+ 1) &* 4
                    ip = Int(offset &>> 2)
                }
                left &-= 1
                if left == 0 { break loop }
                continue loop
            case .nop:
                break
            case .ecall:
                exit = .ecall
                break loop
            case .slowControl:
                exit = .slowControl
                break loop
            case .ebreak:
                exit = .fault(.breakpoint, address: 0)
                break loop
            case .illegal:
                exit = .fault(.illegal, address: 0)
                break loop
            case .exitText:
                exit = .exitedText
                break loop
            }
            ip &+= 1
            left &-= 1
            if left == 0 { break loop }
        }
        self.ip = ip
        executed = budget &- left
        return exit
    }
}
