/// Executes SP1 (v1–v5) guest ELFs exactly as SP1's executor does, without proving.
///
/// Create one per program (decoding happens once) and call ``run(input:limits:)`` as often as needed, from any
/// thread: each run gets its own registers and memory, so concurrent runs are independent. ``run(input:limits:)``
/// is synchronous and CPU-bound; call it from a worker thread, not from a cooperative-pool task that must stay
/// responsive.
///
/// ```swift
/// let executor = try Executor(elf: elfBytes)
/// let result = try executor.run(input: SP1Stdin(buffers: [n]), limits: ExecutionLimits(maxCycles: 10_000_000))
/// print(result.cycles, result.publicValues)
/// ```
///
/// What is implemented: RV32IM; the syscalls HALT, WRITE, ENTER/EXIT_UNCONSTRAINED, COMMIT,
/// COMMIT_DEFERRED_PROOFS, VERIFY_SP1_PROOF (a no-op, as in SP1 without a subproof verifier), HINT_LEN, HINT_READ
/// and the precompiles SHA_EXTEND, SHA_COMPRESS and KECCAK_PERMUTE. Other precompiles fail with
/// ``ExecutorError/Code/unimplementedSyscall``.
///
/// Known differences from SP1 v5's executor, all on programs SP1 could not prove anyway:
/// - a jump or branch to a target inside the text segment that is not a multiple of 4 fails with
///   ``ExecutorError/Code/misalignedInstructionAddress`` (SP1's executor silently rounds the index down);
/// - an undecodable word in the text segment fails when executed (SP1 refuses to load the ELF);
/// - HINT_READ always writes the bytes (SP1 only makes them visible in words never accessed before);
/// - stdout that is not UTF-8 is captured as is (SP1's executor panics).
///
/// As in SP1, stores into the text segment change memory but not the program being executed: the instructions are
/// the ELF's, fixed when it was loaded (SP1 proves against the program committed in the verifying key).
public struct Executor: Sendable {
    /// The loaded program.
    public let program: GuestProgram

    /// An executor for a loaded program.
    public init(program: GuestProgram) {
        self.program = program
    }

    /// Loads an ELF file's bytes.
    ///
    /// - Throws: ``ExecutorError/Code/invalidELF``.
    public init(elf: [UInt8]) throws(ExecutorError) {
        program = try GuestProgram(elf: elf)
    }

    /// Runs the guest to completion on `input`.
    ///
    /// - Returns: the exit code, public values and their committed digest, cycles (SP1's count), stdout and stderr.
    /// - Throws: an ``ExecutorError`` carrying the pc and cycle count for any fault, a non-zero exit code
    ///   (``ExecutorError/Code/guestPanicked``), an exceeded limit, cancellation, or a public-values digest mismatch.
    public func run(input: SP1Stdin, limits: ExecutionLimits = ExecutionLimits()) throws(ExecutorError)
        -> ExecutionResult
    {
        let machine = try GuestMachine(program: program, input: input.buffers, limits: limits)
        return try machine.run()
    }

    /// Runs the guest to completion on a list of input buffers.
    public func run(buffers: [[UInt8]], limits: ExecutionLimits = ExecutionLimits()) throws(ExecutorError)
        -> ExecutionResult
    {
        try run(input: SP1Stdin(buffers: buffers), limits: limits)
    }
}
