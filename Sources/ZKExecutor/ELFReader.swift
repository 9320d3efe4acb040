/// Bounds-checked reads of an ELF32 little-endian file; every failure is ``ExecutorError/Code/invalidELF``.
struct ELFReader {
    struct Header {
        var entry: UInt32
        var programHeaderOffset: UInt32
        var programHeaderCount: Int
        var sectionHeaderOffset: UInt32
        var sectionHeaderSize: Int
        var sectionHeaderCount: Int
    }

    struct ProgramHeader {
        var type: UInt32
        var offset: UInt32
        var address: UInt32
        var fileSize: UInt32
        var memorySize: UInt32
        var flags: UInt32
    }

    let bytes: [UInt8]

    static func fail(_ message: String) -> ExecutorError {
        ExecutorError(code: .invalidELF, message: message)
    }

    func u16(_ offset: Int) throws(ExecutorError) -> UInt32 {
        guard offset >= 0, offset <= bytes.count - 2 else { throw Self.fail("ELF truncated at byte \(offset)") }
        return UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8
    }

    func u32(_ offset: Int) throws(ExecutorError) -> UInt32 {
        guard offset >= 0, offset <= bytes.count - 4 else { throw Self.fail("ELF truncated at byte \(offset)") }
        return UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16
            | UInt32(bytes[offset + 3]) << 24
    }

    func header() throws(ExecutorError) -> Header {
        guard bytes.count >= 52 else { throw Self.fail("ELF truncated: \(bytes.count) bytes, header needs 52") }
        guard bytes[0] == 0x7F, bytes[1] == 0x45, bytes[2] == 0x4C, bytes[3] == 0x46 else {
            throw Self.fail("not an ELF file (bad magic)")
        }
        guard bytes[4] == 1 else { throw Self.fail("must be a 32-bit elf") }
        guard bytes[5] == 1 else { throw Self.fail("must be a little-endian elf") }
        guard try u16(18) == 243 else { throw Self.fail("must be a riscv machine") }
        guard try u16(16) == 2 else { throw Self.fail("must be executable") }
        let entry = try u32(24)
        guard entry != UInt32.max, entry & 3 == 0 else { throw Self.fail("invalid entrypoint 0x\(hex(entry))") }
        let phoff = try u32(28)
        let phentsize = try u16(42)
        let phnum = Int(try u16(44))
        guard phnum > 0 else { throw Self.fail("failed to get segments (no program headers)") }
        guard phentsize == 32 else { throw Self.fail("program header entry size \(phentsize), expected 32") }
        guard phnum <= 256 else { throw Self.fail("too many program headers (\(phnum))") }
        guard UInt64(phoff) + UInt64(phnum) * 32 <= UInt64(bytes.count) else {
            throw Self.fail("program header table is outside the file (truncated ELF)")
        }
        return Header(
            entry: entry,
            programHeaderOffset: phoff,
            programHeaderCount: phnum,
            sectionHeaderOffset: try u32(32),
            sectionHeaderSize: Int(try u16(46)),
            sectionHeaderCount: Int(try u16(48))
        )
    }

    func programHeader(_ index: Int, header: Header) throws(ExecutorError) -> ProgramHeader {
        let base = Int(header.programHeaderOffset) + index * 32
        return ProgramHeader(
            type: try u32(base),
            offset: try u32(base + 4),
            address: try u32(base + 8),
            fileSize: try u32(base + 16),
            memorySize: try u32(base + 20),
            flags: try u32(base + 24)
        )
    }

    func slice(offset: UInt32, length: Int) throws(ExecutorError) -> [UInt8] {
        let start = Int(offset)
        guard length >= 0, start <= bytes.count, length <= bytes.count - start else {
            throw Self.fail("segment data at offset \(offset) (\(length) bytes) is outside the file (truncated ELF)")
        }
        return Array(bytes[start..<start + length])
    }

    /// SP1's rule for segments below 0x00200800: no PROGBITS (1) or NOBITS (8) section may overlap them.
    func checkNoSectionOverlaps(_ segment: ProgramHeader, header: Header) throws(ExecutorError) {
        guard header.sectionHeaderCount > 0, header.sectionHeaderSize == 40 else {
            throw Self.fail("failed to get section headers")
        }
        let segmentStart = UInt64(segment.address)
        for index in 0..<header.sectionHeaderCount {
            let base = Int(header.sectionHeaderOffset) + index * 40
            let type = try u32(base + 4)
            let start = UInt64(try u32(base + 12))
            let size = UInt64(try u32(base + 20))
            if start < segmentStart + UInt64(segment.fileSize), segmentStart < start + size, type == 1 || type == 8 {
                throw Self.fail("program data is not allowed to overlap with program headers with vaddr < 0x00200800")
            }
        }
    }
}
