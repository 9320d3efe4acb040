/// The decoded text segment: one ``DecodedInstruction`` per word plus a trailing ``Operation/exitText`` slot, in
/// one immutable allocation the interpreter reads through a raw pointer.
///
/// The interpreter loads each 8-byte entry as one `UInt64`, which must be 8-byte aligned; the type itself is only
/// 4-byte aligned, so the table is allocated with ``alignment`` explicitly rather than trusting `malloc`'s.
final class ProgramStorage: @unchecked Sendable {
    /// The alignment of ``code``: enough for the interpreter's `UInt64` loads (entries are 8 bytes apart).
    static let alignment = 16

    /// `count + 1` decoded instructions, ``alignment``-aligned; never written after `init`.
    let code: UnsafeMutablePointer<DecodedInstruction>

    /// The raw instruction words, for error messages.
    let words: [UInt32]

    /// The branches and JALs whose target leaves the text segment or is misaligned, by instruction index, as decoded
    /// (``DecodedInstruction/imm`` is the absolute target address); their table entry is ``Operation/slowControl``.
    let slowControl: [Int: DecodedInstruction]

    /// The address of the first instruction.
    let textBase: UInt32

    init(words: [UInt32], textBase: UInt32) {
        self.words = words
        self.textBase = textBase
        precondition(MemoryLayout<DecodedInstruction>.stride == 8, "the interpreter loads entries as UInt64")
        let table = UnsafeMutableRawPointer.allocate(
            byteCount: (words.count + 1) * MemoryLayout<DecodedInstruction>.stride,
            alignment: Self.alignment
        ).bindMemory(to: DecodedInstruction.self, capacity: words.count + 1)
        var slowControl: [Int: DecodedInstruction] = [:]
        for (index, word) in words.enumerated() {
            let pc = textBase &+ UInt32(truncatingIfNeeded: index) &* 4
            var instruction = InstructionDecoder.decode(word, pc: pc)
            if instruction.operation.hasDirectTarget {
                let target = InstructionDecoder.targetIndex(instruction.imm, textBase: textBase, count: words.count)
                if let target {
                    instruction.imm = target
                } else {
                    slowControl[index] = instruction
                    instruction = DecodedInstruction(.slowControl)
                }
            }
            (table + index).initialize(to: instruction)
        }
        (table + words.count).initialize(to: DecodedInstruction(.exitText))
        code = table
        self.slowControl = slowControl
    }

    deinit {
        code.deinitialize(count: words.count + 1)
        UnsafeMutableRawPointer(code).deallocate()
    }
}
