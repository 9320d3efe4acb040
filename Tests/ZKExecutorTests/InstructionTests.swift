import Testing
@testable import ZKExecutor

/// One RV32IM instruction per case: x1 and x2 are set, the instruction writes x3, the program halts, and x3 is
/// compared with a value the test computes from the RISC-V spec's definition.
@Suite("RV32IM instructions")
struct InstructionTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var a: UInt32
        var b: UInt32
        var instruction: UInt32
        var expected: UInt32
        var testDescription: String { name }
    }

    static let interesting: [UInt32] = [0, 1, 2, 31, 32, 33, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, 0x1234_5678, 0xFFFF_FF80]

    static func signed(_ value: UInt32) -> Int64 { Int64(Int32(bitPattern: value)) }

    /// R-type cases for every pair of interesting values.
    static let registerCases: [Case] = {
        let ops: [(String, (UInt32, UInt32, UInt32) -> UInt32, (UInt32, UInt32) -> UInt32)] = [
            ("add", RV32.add, { UInt32(truncatingIfNeeded: UInt64($0) + UInt64($1)) }),
            ("sub", RV32.sub, { UInt32(truncatingIfNeeded: Int64($0) - Int64($1)) }),
            ("xor", RV32.xor, { $0 ^ $1 }),
            ("or", RV32.or, { $0 | $1 }),
            ("and", RV32.and, { $0 & $1 }),
            ("sll", RV32.sll, { UInt32(truncatingIfNeeded: UInt64($0) << UInt64($1 % 32)) }),
            ("srl", RV32.srl, { UInt32(UInt64($0) >> UInt64($1 % 32)) }),
            ("sra", RV32.sra, { UInt32(truncatingIfNeeded: signed($0) >> Int64($1 % 32)) }),
            ("slt", RV32.slt, { signed($0) < signed($1) ? 1 : 0 }),
            ("sltu", RV32.sltu, { $0 < $1 ? 1 : 0 }),
            ("mul", RV32.mul, { UInt32(truncatingIfNeeded: UInt64($0) * UInt64($1)) }),
            ("mulh", RV32.mulh, { UInt32(truncatingIfNeeded: (signed($0) * signed($1)) >> 32) }),
            ("mulhsu", RV32.mulhsu, { UInt32(truncatingIfNeeded: (signed($0) * Int64($1)) >> 32) }),
            ("mulhu", RV32.mulhu, { UInt32(truncatingIfNeeded: (UInt64($0) * UInt64($1)) >> 32) }),
            ("div", RV32.div, { a, b in
                if b == 0 { return 0xFFFF_FFFF }
                return UInt32(truncatingIfNeeded: signed(a) / signed(b))  // Int64: no overflow for MIN / -1
            }),
            ("divu", RV32.divu, { $1 == 0 ? 0xFFFF_FFFF : $0 / $1 }),
            ("rem", RV32.rem, { a, b in
                if b == 0 { return a }
                return UInt32(truncatingIfNeeded: signed(a) % signed(b))
            }),
            ("remu", RV32.remu, { $1 == 0 ? $0 : $0 % $1 }),
        ]
        var cases: [Case] = []
        for (name, encode, reference) in ops {
            for a in interesting {
                for b in interesting {
                    cases.append(Case(
                        name: "\(name) \(hex(a)) \(hex(b))", a: a, b: b, instruction: encode(3, 1, 2),
                        expected: reference(a, b)
                    ))
                }
            }
        }
        return cases
    }()

    static let immediates: [Int32] = [0, 1, -1, 5, 31, 2047, -2048, 0x7F0]

    /// I-type cases: every interesting x1 against every immediate (shift amounts 0...31).
    static let immediateCases: [Case] = {
        var cases: [Case] = []
        for a in interesting {
            for imm in immediates {
                let i = UInt32(bitPattern: imm)
                cases += [
                    Case(name: "addi \(hex(a)) \(imm)", a: a, b: 0, instruction: RV32.addi(3, 1, imm), expected: a &+ i),
                    Case(name: "xori \(hex(a)) \(imm)", a: a, b: 0, instruction: RV32.xori(3, 1, imm), expected: a ^ i),
                    Case(name: "ori \(hex(a)) \(imm)", a: a, b: 0, instruction: RV32.ori(3, 1, imm), expected: a | i),
                    Case(name: "andi \(hex(a)) \(imm)", a: a, b: 0, instruction: RV32.andi(3, 1, imm), expected: a & i),
                    Case(
                        name: "slti \(hex(a)) \(imm)", a: a, b: 0, instruction: RV32.slti(3, 1, imm),
                        expected: signed(a) < Int64(imm) ? 1 : 0
                    ),
                    Case(
                        name: "sltiu \(hex(a)) \(imm)", a: a, b: 0, instruction: RV32.sltiu(3, 1, imm),
                        expected: a < i ? 1 : 0
                    ),
                ]
            }
            for shamt: UInt32 in [0, 1, 4, 31] {
                cases += [
                    Case(
                        name: "slli \(hex(a)) \(shamt)", a: a, b: 0, instruction: RV32.slli(3, 1, shamt),
                        expected: UInt32(truncatingIfNeeded: UInt64(a) << UInt64(shamt))
                    ),
                    Case(
                        name: "srli \(hex(a)) \(shamt)", a: a, b: 0, instruction: RV32.srli(3, 1, shamt),
                        expected: a >> shamt
                    ),
                    Case(
                        name: "srai \(hex(a)) \(shamt)", a: a, b: 0, instruction: RV32.srai(3, 1, shamt),
                        expected: UInt32(truncatingIfNeeded: signed(a) >> Int64(shamt))
                    ),
                ]
            }
        }
        return cases
    }()

    /// Runs `body` after loading x1 = a and x2 = b, then halts; returns the machine.
    static func execute(a: UInt32, b: UInt32, _ body: [UInt32], data: [UInt8] = []) throws -> GuestMachine {
        let program = RV32.li(1, a) + RV32.li(2, b) + body + RV32.halt
        let (machine, outcome) = try TestSupport.runProgram(program, data: data)
        _ = try outcome.get()
        return machine
    }

    @Test("register-register instructions", arguments: registerCases)
    func registerInstruction(_ testCase: Case) throws {
        let machine = try Self.execute(a: testCase.a, b: testCase.b, [testCase.instruction])
        #expect(machine.registers[3] == testCase.expected)
        #expect(machine.registers[1] == testCase.a)
        #expect(machine.registers[2] == testCase.b)
    }

    @Test("register-immediate instructions", arguments: immediateCases)
    func immediateInstruction(_ testCase: Case) throws {
        let machine = try Self.execute(a: testCase.a, b: testCase.b, [testCase.instruction])
        #expect(machine.registers[3] == testCase.expected)
    }

    @Test("writes to x0 are discarded, for ALU, LUI, loads and links")
    func zeroRegister() throws {
        let body = [
            RV32.addi(0, 1, 5), RV32.add(0, 1, 2), RV32.lui(0, 0x12345), RV32.auipc(0, 1), RV32.jal(0, 4),
            RV32.lw(0, 10, 0), RV32.add(3, 0, 0), RV32.mul(0, 1, 1),
        ]
        let data = TestELF.littleEndian(0xDEAD_BEEF)
        let machine = try Self.execute(a: 7, b: 9, RV32.li(10, TestELF.dataBase) + body, data: data)
        #expect(machine.registers[0] == 0)
        #expect(machine.registers[3] == 0)
    }

    @Test("the decoded instruction layout the interpreter's packed load relies on")
    func decodedLayout() {
        #expect(MemoryLayout<DecodedInstruction>.size == 8)
        #expect(MemoryLayout<DecodedInstruction>.stride == 8)
        #expect(MemoryLayout<DecodedInstruction>.offset(of: \DecodedInstruction.rd) == 1)
        #expect(MemoryLayout<DecodedInstruction>.offset(of: \DecodedInstruction.rs2) == 3)
        #expect(MemoryLayout<DecodedInstruction>.offset(of: \DecodedInstruction.imm) == 4)
        #expect(Operation.exitText.rawValue == UInt8(unsafeBitCast(Operation.exitText, to: UInt8.self)))
    }

    @Test("LUI and AUIPC")
    func upperImmediates() throws {
        let machine = try Self.execute(a: 0, b: 0, [RV32.lui(3, 0xFEDCB), RV32.auipc(4, 0x00010)])
        #expect(machine.registers[3] == 0xFEDC_B000)
        // li x1 and li x2 are 4 instructions, LUI the fifth: AUIPC is at textBase + 20.
        #expect(machine.registers[4] == TestELF.textBase + 20 + 0x10000)
    }

    @Test("loads sign- or zero-extend and stores write only their width")
    func loadsAndStores() throws {
        let data: [UInt8] = [0x81, 0x92, 0xA3, 0xF4, 0, 0, 0, 0]
        let body = RV32.li(10, TestELF.dataBase) + [
            RV32.lb(3, 10, 0), RV32.lbu(4, 10, 0), RV32.lh(13, 10, 2), RV32.lhu(6, 10, 2), RV32.lw(7, 10, 0),
            RV32.lb(8, 10, 1), RV32.sb(1, 10, 4), RV32.sh(1, 10, 6), RV32.lw(9, 10, 4), RV32.sw(2, 10, 4),
            RV32.lw(11, 10, 4), RV32.lw(12, 10, 64),
        ]
        let machine = try Self.execute(a: 0x1122_3344, b: 0xCAFE_BABE, body, data: data)
        #expect(machine.registers[3] == 0xFFFF_FF81)
        #expect(machine.registers[4] == 0x81)
        #expect(machine.registers[13] == 0xFFFF_F4A3)
        #expect(machine.registers[6] == 0xF4A3)
        #expect(machine.registers[7] == 0xF4A3_9281)
        #expect(machine.registers[8] == 0xFFFF_FF92)
        #expect(machine.registers[9] == 0x3344_0044)
        #expect(machine.registers[11] == 0xCAFE_BABE)
        #expect(machine.registers[12] == 0, "memory never written reads as zero")
    }

    @Test("branches: taken and not taken, signed and unsigned", arguments: [
        (UInt32(5), UInt32(5)), (5, 6), (0xFFFF_FFFF, 1), (1, 0xFFFF_FFFF), (0x8000_0000, 0x7FFF_FFFF),
    ])
    func branches(a: UInt32, b: UInt32) throws {
        // Each branch skips one `addi xN, x0, 1` when taken, so xN == 1 means "not taken".
        let encoders: [(UInt32, UInt32, Int32) -> UInt32] = [RV32.beq, RV32.bne, RV32.blt, RV32.bge, RV32.bltu, RV32.bgeu]
        var body: [UInt32] = []
        for (index, encode) in encoders.enumerated() {
            body += [encode(1, 2, 8), RV32.addi(UInt32(20 + index), 0, 1)]
        }
        let machine = try Self.execute(a: a, b: b, body)
        let sa = Int32(bitPattern: a)
        let sb = Int32(bitPattern: b)
        let taken = [a == b, a != b, sa < sb, sa >= sb, a < b, a >= b]
        for (index, isTaken) in taken.enumerated() {
            #expect(machine.registers[20 + index] == (isTaken ? 0 : 1), "branch \(index)")
        }
    }

    @Test("JAL and JALR link pc + 4 and jump; JALR does not need rd != rs1")
    func jumps() throws {
        // 0: jal x13, +8 (skip 4)   4: addi x6, x0, 1   8: auipc x7, 0   12: jalr x7, x7, 12 (to 20)
        // 16: addi x8, x0, 1   20: (halt)
        let program = [
            RV32.jal(13, 8), RV32.addi(6, 0, 1), RV32.auipc(7, 0), RV32.jalr(7, 7, 12), RV32.addi(8, 0, 1),
        ] + RV32.halt
        let (machine, outcome) = try TestSupport.runProgram(program)
        let result = try outcome.get()
        #expect(machine.registers[13] == TestELF.textBase + 4)
        #expect(machine.registers[6] == 0)
        #expect(machine.registers[7] == TestELF.textBase + 16)
        #expect(machine.registers[8] == 0)
        #expect(result.cycles == 6, "jal, auipc, jalr and the 3 halt instructions; skipped ones are not counted")
    }

    @Test("every executed instruction is one cycle, the halting ecall included")
    func cycleCount() throws {
        let (_, outcome) = try TestSupport.runProgram([RV32.addi(1, 0, 1), RV32.addi(1, 1, 1)] + RV32.halt)
        #expect(try outcome.get().cycles == 5)
    }

    @Test("jumping out of the text segment ends the run like SP1 (pc leaves the program)")
    func exitByJump() throws {
        let (_, outcome) = try TestSupport.runProgram([RV32.addi(1, 0, 0), RV32.jalr(0, 1, 0)])
        #expect(try outcome.get().cycles == 2)
        let (_, fallOff) = try TestSupport.runProgram([RV32.addi(1, 0, 0), RV32.addi(1, 0, 0)])
        #expect(try fallOff.get().cycles == 2)
        let (_, branchOut) = try TestSupport.runProgram([RV32.beq(0, 0, -64)])
        #expect(try branchOut.get().cycles == 1)
    }

    @Test("branches and JAL leaving the text segment: every condition taken or not, JAL's link, misaligned targets")
    func slowControl() throws {
        let branches: [(String, (UInt32, UInt32, Int32) -> UInt32, (UInt32, UInt32) -> Bool)] = [
            ("beq", RV32.beq, { $0 == $1 }),
            ("bne", RV32.bne, { $0 != $1 }),
            ("blt", RV32.blt, { Int32(bitPattern: $0) < Int32(bitPattern: $1) }),
            ("bge", RV32.bge, { Int32(bitPattern: $0) >= Int32(bitPattern: $1) }),
            ("bltu", RV32.bltu, { $0 < $1 }),
            ("bgeu", RV32.bgeu, { $0 >= $1 }),
        ]
        for (name, branch, condition) in branches {
            for (a, b) in [(UInt32.max, 1), (5, 5), (1, UInt32.max)] as [(UInt32, UInt32)] {
                // The branch is instruction 4; its target lies 48 bytes below the text segment.
                let program = RV32.li(1, a) + RV32.li(2, b) + [branch(1, 2, -64)] + RV32.halt
                let (_, outcome) = try TestSupport.runProgram(program)
                let taken = condition(a, b)
                #expect(try outcome.get().cycles == (taken ? 5 : 8), "\(name) \(a), \(b)")
            }
        }

        let (jumper, jumped) = try TestSupport.runProgram([RV32.addi(1, 0, 1), RV32.jal(5, -64)] + RV32.halt)
        #expect(try jumped.get().cycles == 2)
        #expect(jumper.registers[5] == TestELF.textBase + 8, "JAL links even when it leaves the text segment")

        let (_, notTaken) = try TestSupport.runProgram([RV32.bne(0, 0, 6)] + RV32.halt)
        #expect(try notTaken.get().cycles == 4, "a branch not taken never looks at its misaligned target")
        for (word, what) in [(RV32.beq(0, 0, 6), "branch target"), (RV32.jal(0, 6), "jump target")] {
            let (_, outcome) = try TestSupport.runProgram([RV32.addi(1, 0, 1), word] + RV32.halt)
            let error = try #require(outcome.failure)
            #expect(error.code == .misalignedInstructionAddress)
            let target = String(TestELF.textBase + 10, radix: 16)
            let padded = String(repeating: "0", count: 8 - target.count) + target
            #expect(error.message.hasPrefix("\(what) 0x\(padded) "), "\(error.message)")
            #expect(error.pc == TestELF.textBase + 4)
            #expect(error.cycles == 1)
        }
    }

    @Test("EBREAK and UNIMP-class instructions fail with their codes and the pc")
    func illegalInstructions() throws {
        let cases: [(UInt32, ExecutorError.Code)] = [
            (RV32.ebreak, .breakpoint), (0xC000_1073, .illegalInstruction), (0x0FF0_000F, .illegalInstruction),
            (0x0000_0000, .illegalInstruction), (0xFFFF_FFFF, .illegalInstruction),
            (RV32.r(0x20, 1, 1, 1, 3, 0x13), .illegalInstruction),
        ]
        for (word, code) in cases {
            let (_, outcome) = try TestSupport.runProgram([RV32.addi(1, 0, 1), word] + RV32.halt)
            let error = try #require(outcome.failure)
            #expect(error.code == code)
            #expect(error.pc == TestELF.textBase + 4)
            #expect(error.cycles == 1)
        }
    }

    @Test("misaligned and invalid memory accesses fail with the pc and cycles so far")
    func badAccesses() throws {
        let cases: [([UInt32], ExecutorError.Code)] = [
            (RV32.li(10, TestELF.dataBase + 1) + [RV32.lw(3, 10, 0)], .misalignedMemoryAccess),
            (RV32.li(10, TestELF.dataBase + 1) + [RV32.lh(3, 10, 0)], .misalignedMemoryAccess),
            (RV32.li(10, TestELF.dataBase + 2) + [RV32.sw(3, 10, 0)], .misalignedMemoryAccess),
            (RV32.li(10, TestELF.dataBase + 3) + [RV32.sh(3, 10, 0)], .misalignedMemoryAccess),
            (RV32.li(10, 0) + [RV32.lw(3, 10, 28)], .invalidMemoryAccess),
            (RV32.li(10, 0) + [RV32.lb(3, 10, 31)], .invalidMemoryAccess),
            (RV32.li(10, 0x7800_0004) + [RV32.lw(3, 10, 0)], .invalidMemoryAccess),
            (RV32.li(10, 0xFFFF_FFFC) + [RV32.sw(3, 10, 0)], .invalidMemoryAccess),
            (RV32.li(10, 16) + [RV32.sb(3, 10, 0)], .invalidMemoryAccess),
        ]
        for (program, code) in cases {
            let (_, outcome) = try TestSupport.runProgram(program + RV32.halt, data: [0, 0, 0, 0])
            let error = try #require(outcome.failure)
            #expect(error.code == code, "\(error)")
            #expect(error.pc == TestELF.textBase + 8)
            #expect(error.cycles == 2)
        }
        // The last word below 0x78000001 is valid memory, as in SP1; so is address 32.
        let edge = RV32.li(10, 0x7800_0000) + [RV32.sw(10, 10, 0), RV32.lw(3, 10, 0), RV32.lbu(4, 10, 3)]
            + [RV32.addi(11, 0, 32), RV32.sw(10, 11, 0), RV32.lw(13, 11, 0)]
        let (machine, outcome) = try TestSupport.runProgram(edge + RV32.halt)
        _ = try outcome.get()
        #expect(machine.registers[3] == 0x7800_0000)
        #expect(machine.registers[4] == 0x78)
        #expect(machine.registers[13] == 0x7800_0000)
    }
}

extension Result {
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
