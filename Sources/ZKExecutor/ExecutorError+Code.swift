extension ExecutorError {
    /// A stable error code.
    ///
    /// Codes are backed by a private enum so new cases can be added without breaking clients; compare with the
    /// static members (`error.code == .cycleLimitExceeded`) or send ``rawValue`` over the wire.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Wrapped: Int, Sendable {
            case invalidELF = 1
            case invalidInput = 2
            case illegalInstruction = 3
            case breakpoint = 4
            case invalidMemoryAccess = 5
            case misalignedMemoryAccess = 6
            case misalignedInstructionAddress = 7
            case unknownSyscall = 8
            case unimplementedSyscall = 9
            case invalidSyscallUsage = 10
            case invalidSyscallArgument = 11
            case inputExhausted = 12
            case guestPanicked = 13
            case cycleLimitExceeded = 14
            case memoryLimitExceeded = 15
            case deadlineExceeded = 16
            case cancelled = 17
            case endedInUnconstrained = 18
            case publicValuesDigestMismatch = 19
            case unsupportedFileDescriptor = 20
            case resourceUnavailable = 21
            case outputLimitExceeded = 22
        }

        private let wrapped: Wrapped

        private init(_ wrapped: Wrapped) { self.wrapped = wrapped }

        /// The numeric value of the code; stable across releases.
        public var rawValue: Int { wrapped.rawValue }

        /// Creates a code from its numeric value, or `nil` if the value is unknown.
        public init?(rawValue: Int) {
            guard let wrapped = Wrapped(rawValue: rawValue) else { return nil }
            self.wrapped = wrapped
        }

        public var description: String { "\(wrapped)" }

        /// The ELF file is not one SP1 would load (see ``GuestProgram``).
        public static let invalidELF = Code(.invalidELF)
        /// The stdin file is not a bincode-serialized `SP1Stdin`.
        public static let invalidInput = Code(.invalidInput)
        /// The instruction word is not RV32IM, or is one SP1 transpiles to UNIMP (CSR access, FENCE, MRET, WFI).
        public static let illegalInstruction = Code(.illegalInstruction)
        /// The guest executed EBREAK (SP1's `ExecutionError::Breakpoint`).
        public static let breakpoint = Code(.breakpoint)
        /// A load, store, syscall or precompile touched an address outside guest memory (below 32 or above
        /// 0x78000000).
        public static let invalidMemoryAccess = Code(.invalidMemoryAccess)
        /// A half-word or word access, or a precompile pointer, was not naturally aligned.
        public static let misalignedMemoryAccess = Code(.misalignedMemoryAccess)
        /// A jump or branch target inside the text segment is not a multiple of 4.
        public static let misalignedInstructionAddress = Code(.misalignedInstructionAddress)
        /// `ecall` with a syscall id SP1 does not know.
        public static let unknownSyscall = Code(.unknownSyscall)
        /// `ecall` with a syscall SP1 knows but this executor does not implement yet (most curve and field
        /// precompiles); the message names it.
        public static let unimplementedSyscall = Code(.unimplementedSyscall)
        /// A syscall other than WRITE and EXIT_UNCONSTRAINED inside an unconstrained block.
        public static let invalidSyscallUsage = Code(.invalidSyscallUsage)
        /// A syscall argument SP1 rejects (e.g. HINT_READ length mismatch, COMMIT word index ≥ 8).
        public static let invalidSyscallArgument = Code(.invalidSyscallArgument)
        /// HINT_READ with no input buffer left.
        public static let inputExhausted = Code(.inputExhausted)
        /// The guest halted with a non-zero exit code (a panic in Rust guests).
        public static let guestPanicked = Code(.guestPanicked)
        /// More cycles than ``ExecutionLimits/maxCycles``, or more instructions inside unconstrained blocks than
        /// ``ExecutionLimits/maxUnconstrainedInstructions`` (the message says which).
        public static let cycleLimitExceeded = Code(.cycleLimitExceeded)
        /// The guest wrote to more memory than ``ExecutionLimits/maxMemoryBytes``, or stored more in one unconstrained
        /// block than ``ExecutionLimits/maxUndoLogBytes`` can undo.
        public static let memoryLimitExceeded = Code(.memoryLimitExceeded)
        /// The run passed ``ExecutionLimits/deadline``.
        public static let deadlineExceeded = Code(.deadlineExceeded)
        /// The run was cancelled through ``ExecutionLimits/cancellation``.
        public static let cancelled = Code(.cancelled)
        /// The program counter left the text segment (or a HALT) while in an unconstrained block.
        public static let endedInUnconstrained = Code(.endedInUnconstrained)
        /// The digest the guest COMMITted is not the SHA-256 of the public values it wrote.
        public static let publicValuesDigestMismatch = Code(.publicValuesDigestMismatch)
        /// WRITE to a file descriptor SP1 rejects or serves with a hook this executor does not have.
        public static let unsupportedFileDescriptor = Code(.unsupportedFileDescriptor)
        /// The host could not reserve memory for the guest.
        public static let resourceUnavailable = Code(.resourceUnavailable)
        /// A WRITE would take the public values past ``ExecutionLimits/maxPublicValuesBytes`` or the hints past
        /// ``ExecutionLimits/maxHintBytes``; nothing of it was copied.
        public static let outputLimitExceeded = Code(.outputLimitExceeded)
    }
}
