/// The decoded text segment: one ``DecodedInstruction`` per word plus a trailing ``Operation/exitText`` slot, in
/// one immutable allocation the interpreter reads through a raw pointer.
final class ProgramStorage: @unchecked Sendable {
    /// `count + 1` decoded instructions; never written after `init`.
    let code: UnsafeMutablePointer<DecodedInstruction>

    /// The raw instruction words, for error messages and ``Operation/slowControl``.
    let words: [UInt32]

    /// The address of the first instruction.
    let textBase: UInt32

    init(words: [UInt32], textBase: UInt32) {
        self.words = words
        self.textBase = textBase
        code = .allocate(capacity: words.count + 1)
        for (index, word) in words.enumerated() {
            let pc = textBase &+ UInt32(truncatingIfNeeded: index) &* 4
            (code + index).initialize(
                to: InstructionDecoder.decode(word, pc: pc, textBase: textBase, count: words.count)
            )
        }
        (code + words.count).initialize(to: DecodedInstruction(.exitText))
    }

    deinit {
        code.deinitialize(count: words.count + 1)
        code.deallocate()
    }
}
