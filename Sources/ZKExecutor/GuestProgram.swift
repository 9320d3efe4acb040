import ZKCrypto

/// A guest ELF loaded and pre-decoded once, ready to run any number of times (from any thread).
///
/// Loading follows SP1 v5's rules (succinctlabs/sp1 v5.2.4 `crates/core/executor/src/disassembler/elf.rs`):
/// - 32-bit, little-endian, `EM_RISCV`, `ET_EXEC`; the entry point is a multiple of 4 and not 0xFFFFFFFF;
/// - at most 256 program headers; each `PT_LOAD` has a 4-aligned `p_vaddr`, is not both writable and executable,
///   starts at or after the end of the previous one (sorted, disjoint), and every word it covers lies below
///   0x78000001 (the BabyBear prime); no segment covers address 0;
/// - executable segments are contiguous and form the text segment, whose base must be above 0x20; its
///   instructions are the words of `min(p_filesz, p_memsz)`;
/// - a segment below 0x00200800 (old SP1 compiler flags) must not overlap any PROGBITS/NOBITS section;
/// - the memory image is every segment's file bytes, zero beyond `p_filesz`.
///
/// One addition: the entry point must lie in the text segment (SP1 accepts such an ELF and then fails on the first
/// fetch).
public struct GuestProgram: Sendable {
    /// One loaded segment of the memory image.
    struct Segment: Sendable {
        var address: UInt32
        var bytes: [UInt8]
        var memorySize: UInt32
    }

    /// The entry point (initial pc).
    public let entry: UInt32

    /// The address of the first instruction.
    public let textBase: UInt32

    /// The number of instructions in the text segment.
    public let instructionCount: Int

    let storage: ProgramStorage
    let segments: [Segment]

    /// Loads and decodes an ELF file.
    ///
    /// - Throws: ``ExecutorError/Code/invalidELF`` for anything SP1 would refuse to load, naming the rule.
    public init(elf: [UInt8]) throws(ExecutorError) {
        let reader = ELFReader(bytes: elf)
        let header = try reader.header()
        var segments: [Segment] = []
        var words: [UInt32] = []
        var textBase: UInt32?
        var previousEnd: UInt32?
        for index in 0..<header.programHeaderCount {
            let segment = try reader.programHeader(index, header: header)
            guard segment.type == 1 else { continue }  // PT_LOAD
            guard segment.fileSize != UInt32.max else { throw ELFReader.fail("invalid segment file_size") }
            guard segment.memorySize != UInt32.max else { throw ELFReader.fail("invalid segment mem_size") }
            guard segment.address & 3 == 0 else {
                throw ELFReader.fail("segment vaddr 0x\(hex(segment.address)) is unaligned")
            }
            if segment.address < 0x0020_0800 {
                try reader.checkNoSectionOverlaps(segment, header: header)
            }
            let executable = segment.flags & 1 != 0
            guard !(executable && segment.flags & 2 != 0) else {
                throw ELFReader.fail("ELF has a segment that is both writable and executable")
            }
            if let previousEnd, previousEnd > segment.address {
                throw ELFReader.fail("segments overlap or are not sorted (segment at 0x\(hex(segment.address)))")
            }
            let (end, overflow) = segment.address.addingReportingOverflow(segment.memorySize)
            guard !overflow else { throw ELFReader.fail("segment end overflows") }
            previousEnd = end
            if segment.memorySize > 0 {
                let lastWord = UInt64(segment.address) + (UInt64(segment.memorySize) - 1) / 4 * 4
                guard lastWord < 0x7800_0001 else {
                    throw ELFReader.fail("segment at 0x\(hex(segment.address)) reaches past 0x78000000")
                }
                guard segment.address != 0 else { throw ELFReader.fail("ELF memory image contains address 0") }
            }
            if executable {
                if let textBase {
                    guard UInt64(textBase) + 4 * UInt64(words.count) == UInt64(segment.address) else {
                        throw ELFReader.fail("executable segments are not contiguous")
                    }
                } else {
                    guard segment.address > 0x20 else {
                        throw ELFReader.fail("text base 0x\(hex(segment.address)) must be above 0x20")
                    }
                    textBase = segment.address
                }
            }
            // SP1 reads, for each word below p_memsz, the file bytes below p_filesz.
            let roundedMemory = (UInt64(segment.memorySize) + 3) / 4 * 4
            let loadLength = Int(min(UInt64(segment.fileSize), roundedMemory))
            let bytes = try reader.slice(offset: segment.offset, length: loadLength)
            if executable {
                let count = (loadLength + 3) / 4
                words.reserveCapacity(words.count + count)
                for wordIndex in 0..<count {
                    var word: UInt32 = 0
                    for byte in 0..<4 where wordIndex * 4 + byte < loadLength {
                        word |= UInt32(bytes[wordIndex * 4 + byte]) << (8 * UInt32(byte))
                    }
                    words.append(word)
                }
            }
            segments.append(Segment(address: segment.address, bytes: bytes, memorySize: segment.memorySize))
        }
        guard let textBase else { throw ELFReader.fail("no executable segment (base address is not found)") }
        let entryOffset = header.entry &- textBase
        guard UInt64(entryOffset) < 4 * UInt64(words.count) else {
            throw ELFReader.fail("entry point 0x\(hex(header.entry)) is outside the text segment")
        }
        self.entry = header.entry
        self.textBase = textBase
        self.instructionCount = words.count
        self.segments = segments
        self.storage = ProgramStorage(words: words, textBase: textBase)
    }

    /// Reads and loads an ELF file.
    public init(elfPath: String) throws(ExecutorError) {
        let bytes: [UInt8]
        do {
            bytes = try FileBytes.read(elfPath)
        } catch {
            throw ExecutorError(code: .invalidELF, message: error.description)
        }
        try self.init(elf: bytes)
    }
}
