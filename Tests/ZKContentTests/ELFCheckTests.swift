import Foundation
import Testing

@testable import ZKContent

@Suite("ELFCheck")
struct ELFCheckTests {
    static func header(bits: Int = 64, data: UInt8 = 1, machine: UInt16 = 243, length: Int? = nil) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: bits == 64 ? 64 : 52)
        bytes[0..<4] = [0x7F, 0x45, 0x4C, 0x46]
        bytes[4] = bits == 64 ? 2 : 1
        bytes[5] = data
        bytes[6] = 1
        bytes[16] = 2
        bytes[18] = UInt8(machine & 0xFF)
        bytes[19] = UInt8(machine >> 8)
        bytes[24] = 0x00
        bytes[25] = 0x10
        return Array(bytes.prefix(length ?? bytes.count))
    }

    @Test("accepts RV32 and RV64 little-endian images")
    func accepts() throws {
        let rv64 = try ELFCheck.validate(Self.header(bits: 64))
        #expect(rv64.bits == 64)
        #expect(rv64.entry == 0x1000)
        #expect(try ELFCheck.validate(Self.header(bits: 32)).bits == 32)
    }

    static let rejections: [([UInt8], ContentError.Code)] = [
        (Array("#!/bin/sh\necho not an elf\n".utf8), .notELF),
        ([0x7F, 0x45, 0x4C], .truncated),
        (header(bits: 64, length: 40), .truncated),
        (header(machine: 62), .notRISCV),
        (header(data: 2), .notRISCV),
        (
            {
                var h = header(); h[4] = 3; return h
            }(), .notELF
        ),
    ]

    @Test("rejects with a reason", arguments: rejections)
    func rejects(bytes: [UInt8], code: ContentError.Code) {
        do {
            try ELFCheck.validate(bytes)
            Issue.record("accepted")
        } catch {
            #expect(error.code == code, "\(error)")
        }
    }

    @Test("the host's own x86-64 binaries are ELF but not RISC-V")
    func hostBinary() throws {
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: "/bin/sh")).prefix(64))
        do {
            try ELFCheck.validate(bytes)
            Issue.record("host binary accepted")
        } catch {
            #expect(error.code == .notRISCV)
            #expect(error.message.contains("62"))
        }
    }
}
