import ZKCrypto

/// Checks that bytes are a little-endian RISC-V ELF image (what the zkVM guest loader accepts).
public enum ELFCheck {
    /// `EM_RISCV` from the ELF machine table.
    public static let machineRISCV: UInt16 = 243

    /// What the header says.
    public struct Header: Sendable, Hashable {
        /// 32 or 64.
        public var bits: Int
        /// `e_type` (2 = executable, 3 = shared object / PIE).
        public var type: UInt16
        /// `e_machine`.
        public var machine: UInt16
        /// `e_entry`.
        public var entry: UInt64
    }

    /// Validates the ELF identification and header.
    ///
    /// - Throws: ``ContentError`` with `truncated` (shorter than the identification or the class's header),
    ///   `notELF` (bad magic, class or version), `notRISCV` (big-endian, or `e_machine` is not 243).
    @discardableResult
    public static func validate(_ bytes: some Collection<UInt8>) throws(ContentError) -> Header {
        let header = Array(bytes.prefix(64))
        guard header.count >= 16 else {
            throw ContentError(
                code: .truncated,
                message: "\(header.count) bytes is shorter than the 16-byte ELF identification"
            )
        }
        guard header[0] == 0x7F, header[1] == 0x45, header[2] == 0x4C, header[3] == 0x46 else {
            throw ContentError(
                code: .notELF,
                message: "magic is \(Hex.encode(header[0..<4])), an ELF starts with 7f454c46 (\\x7fELF)"
            )
        }
        let bits: Int
        switch header[4] {
        case 1: bits = 32
        case 2: bits = 64
        default:
            throw ContentError(code: .notELF, message: "EI_CLASS \(header[4]) is neither ELFCLASS32 nor ELFCLASS64")
        }
        guard header[6] == 1 else {
            throw ContentError(code: .notELF, message: "EI_VERSION \(header[6]) is not EV_CURRENT (1)")
        }
        switch header[5] {
        case 1: break
        case 2: throw ContentError(code: .notRISCV, message: "ELF is big-endian; RISC-V guests are little-endian")
        default: throw ContentError(code: .notELF, message: "EI_DATA \(header[5]) is not a valid byte order")
        }
        let headerSize = bits == 64 ? 64 : 52
        guard header.count >= headerSize else {
            throw ContentError(
                code: .truncated,
                message: "ELF\(bits) header needs \(headerSize) bytes, got \(header.count)"
            )
        }
        func little(_ offset: Int, _ width: Int) -> UInt64 {
            var value: UInt64 = 0
            for index in (0..<width).reversed() { value = value << 8 | UInt64(header[offset + index]) }
            return value
        }
        let machine = UInt16(little(18, 2))
        guard machine == machineRISCV else {
            throw ContentError(code: .notRISCV, message: "e_machine is \(machine), RISC-V is \(machineRISCV)")
        }
        return Header(bits: bits, type: UInt16(little(16, 2)), machine: machine, entry: little(24, bits == 64 ? 8 : 4))
    }
}
